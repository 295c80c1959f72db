package dev.convoy.cli;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.Plan;
import dev.convoy.schedule.Scheduler;
import java.nio.file.Path;
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
        Outputs.reading(SimulatedNetwork.isBuiltIn(model) ? null : model, hardware.hw).writing("--json", json);
        HardwareConfig hw = hardware.config();
        int batch = hardware.batch.value();
        SimulatedNetwork net = SimulatedNetwork.open(model, modelFile);
        Plan p = Scheduler.plan(net.name(), net.convs(batch), hw, hardware.fixedTiling());
        spec.commandLine().getOut().print(p.toText());
        if (json != null) {
            JsonReport.write(json, p, net.provenance(hw.name()));
        }
        return ExitCode.OK;
    }
}
