package dev.convoy.cli;

import dev.convoy.engine.Model;
import dev.convoy.engine.Provenance;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.Plan;
import dev.convoy.schedule.Scheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy plan}: how each layer tiles onto a tiled PE array. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Tile a model's convolution and fully-connected layers onto a tiled PE array by the roofline method:"
                + " tiles, buffer use, computational roof, CTC ratio and bound per layer.")
final class PlanCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model (fp32 or quantized).")
    Path model;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the plan as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean builtIn = TiledLayers.isBuiltIn(model);
        Outputs.reading(builtIn ? null : model, hardware.hw).writing("--json", json);
        HardwareConfig hw = hardware.config();
        int batch = hardware.batch();
        Model m = builtIn ? null : modelFile.load(model);
        List<ConvLayer> layers = (builtIn ? TiledLayers.convs(TiledLayers.builtIn(model)) : TiledLayers.of(m)).stream()
                .map(l -> l.batched(batch)).toList();
        Plan p = Scheduler.plan(builtIn ? model.toString() : model.getFileName().toString(), layers, hw, hardware.fixedTiling());
        spec.commandLine().getOut().print(p.toText());
        if (json != null) {
            JsonReport.write(json, p, builtIn ? Provenance.ofShapes(model.toString(), hw.name()) : Provenance.of(m, null, null, hw.name()));
        }
        return ExitCode.OK;
    }
}
