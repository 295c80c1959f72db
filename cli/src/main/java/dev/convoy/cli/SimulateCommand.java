package dev.convoy.cli;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.SimulationReport;
import dev.convoy.sim.Simulator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy simulate}: per-layer cycles, traffic and stalls on a simulated accelerator. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a model's convolution and fully-connected layers on an accelerator (timing only):"
                + " cycles, stalls, utilisation, DRAM and SRAM traffic per layer, and totals.")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "An ONNX model (fp32 or quantized).")
    Path model;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON (layers, total_cycles, latency_ms, ...).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HardwareConfig hw = hardware.config();
        LoadedModel m = LoadedModel.load(model);
        List<ConvLayer> layers = m.quantized() != null ? ConvLayer.of(m.quantized()) : ConvLayer.of(m.graph());
        SimulationReport r = Simulator.timing(model.getFileName().toString(), layers, hw, hardware.fixedTiling());
        spec.commandLine().getOut().print(r.toText());
        if (json != null) {
            JsonReport.write(json, r);
        }
        return ExitCode.OK;
    }
}
