package dev.convoy.cli;

import dev.convoy.io.AtomicFile;
import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.report.Table;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.explore.DesignPoint;
import dev.convoy.sim.explore.Explorer;
import dev.convoy.chart.ParetoCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy explore}: design-space exploration of a tiled array. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Sweep a tiled PE array's lanes and vector width, simulate each design, and print and plot the Pareto"
                + " sets of latency against PEs and against on-chip bytes.")
final class ExploreCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model (fp32 or quantized).")
    Path model;

    @Option(names = "--hw", paramLabel = "HW", required = true, description = "A tiled-array preset or YAML file to vary.")
    String hw;

    @Option(names = "--sweep", paramLabel = "lanes=A..B,vector=C..D", description = "Ranges (FROM..TO) or lists (a;b;c) (default: ${DEFAULT-VALUE}).")
    String sweep = "lanes=4..64,vector=4..16";

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Also draw latency against PEs and against on-chip KiB as an SVG"
            + " file: log axes with ticks, a legend, the Pareto fronts joined in red and labelled lanes×vector.")
    Path plot;

    @picocli.CommandLine.Mixin
    SimBatchOption batch;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every design as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(SimulatedNetwork.isBuiltIn(model) ? null : model, hw).writing("--plot", plot).writing("--json", json);
        int images = batch.value();
        HardwareConfig base = Flags.hardware(hw);
        Map<String, String> ranges = new java.util.HashMap<>(Map.of("lanes", "" + (base.peArray() == null ? 1 : base.peArray().lanes()),
                "vector", "" + (base.peArray() == null ? 1 : base.peArray().vector())));
        java.util.Set<String> given = new java.util.HashSet<>();
        for (String part : sweep.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !ranges.containsKey(kv[0].trim())) {
                throw new BadInputException("--sweep " + part + ": expected lanes=... or vector=...");
            }
            if (!given.add(kv[0].trim())) {
                throw new BadInputException("--sweep " + sweep + ": " + kv[0].trim() + " given twice");
            }
            ranges.put(kv[0].trim(), kv[1].trim());
        }
        SimulatedNetwork net = SimulatedNetwork.open(model, modelFile);
        List<ConvLayer> layers = net.convs(images);
        List<DesignPoint> points = Explorer.sweep(layers, base, Flags.parse("--sweep", ranges.get("lanes"), v -> Explorer.values(v, "lanes")),
                Flags.parse("--sweep", ranges.get("vector"), v -> Explorer.values(v, "vector")));
        Table t = new Table("lanes", "vector", "PEs", "on-chip KiB", "cycles", "ms", "Pareto (PEs)", "Pareto (bytes)");
        for (DesignPoint p : points) {
            if (p.paretoPes() || p.paretoBytes()) {
                t.row(p.lanes(), p.vector(), p.pes(), String.format(Locale.ROOT, "%.1f", p.onChipBytes() / 1024.0), Table.count(p.cycles()),
                        String.format(Locale.ROOT, "%.4f", p.latencyMs()), p.paretoPes() ? "yes" : "", p.paretoBytes() ? "yes" : "");
            }
        }
        spec.commandLine().getOut().printf("%d designs of %s on %s%s; Pareto-optimal ones:%n%s", points.size(), net.name(),
                base.name(), images > 1 ? " at batch " + images : "", t.render());
        if (plot != null) {
            try {
                AtomicFile.writeString(plot, ParetoCharts.svgFile(net.name() + " on " + base.name(), points));
            } catch (IOException e) {
                throw new BadInputException(plot + ": cannot write (" + e.getMessage() + ")", e);
            }
            spec.commandLine().getOut().println("plot: " + plot);
        }
        if (json != null) {
            JsonReport.write(json, points, "designs", net.provenance(base.name()));
        }
        return ExitCode.OK;
    }
}
