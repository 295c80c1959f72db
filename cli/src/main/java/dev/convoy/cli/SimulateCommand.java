package dev.convoy.cli;

import dev.convoy.BadInputException;

import dev.convoy.data.ImageSource;
import dev.convoy.data.LabelledImages;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.Simulator;
import java.nio.file.Path;
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
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model (fp32 or quantized), or a built-in network's shapes: net:alexnet,"
            + " net:resnet18, net:resnet50, net:mobilenetv2, net:vgg16.")
    Path model;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON (layers, total_cycles, latency_ms, ...).")
    Path json;

    @Option(names = "--bit-true", description = "Also compute the integer outputs tile by tile and check them against the integer"
            + " reference on --limit test images (tiled PE arrays).")
    boolean bitTrue;

    @Option(names = {"--precision", "--scheme"}, paramLabel = "P", description = "For --bit-true on an fp32 model: int8, int16 or fixed:W"
            + " (default: ${DEFAULT-VALUE}; --scheme is the older name).")
    String scheme = "int8";

    @Mixin
    QuantOptionsMixin quant;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean builtIn = SimulatedNetwork.isBuiltIn(model);
        Outputs.reading(builtIn ? null : model, hardware.hw).writing("--json", json);
        HardwareConfig hw = hardware.config();
        int batch = hardware.batch.value();
        if (builtIn && bitTrue) {
            throw new BadInputException("--bit-true needs a model file with weights; " + model + " is layer shapes only");
        }
        SimulatedNetwork net = SimulatedNetwork.open(model, modelFile);
        Model m = net.model();
        SimulationReport r = Simulator.run(net.name(), net.stages(), hw, hardware.fixedTiling(), batch);
        int code = ExitCode.OK;
        if (bitTrue) {
            QuantizedModel q = m.quantized();
            if (q == null) {
                QuantOptions o = quant.options(SchemeOption.parse(scheme, "simulate --bit-true", spec.commandLine().getParseResult().originalArgs()));
                q = Engines.quantize(m, EngineRequest.on(Device.cpu()).withPrecision(Precision.of(o.scheme()))
                        .withQuantization(o, data.calibration(m, quant)).withProgress(new ProgressBar(spec.commandLine().getErr(), "calibrate")));
            }
            LabelledImages images;
            try (ImageSource source = data.inputs(m)) {
                // bit-true needs no labels; 100 images unless --limit says otherwise
                images = source.load(data.limit == null ? 100 : -1);
            }
            BitTrueSimulation.Result b = BitTrueSimulation.run(q, hw, hardware.fixedTiling(), images.images());
            r = SimulationReport.of(r.model(), r.hardware(), r.clockMhz(), r.layers(), b.mismatches() == 0, r.batch());
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "bit-true on %d images: %,d integers compared, %,d differ%s%n",
                    images.size(), b.elements(), b.mismatches(), b.firstMismatch() == null ? "" : " (first in " + b.firstMismatch() + ")");
            code = b.mismatches() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
        spec.commandLine().getOut().print(r.toText());
        if (json != null) {
            JsonReport.write(json, r, net.provenance(hw.name()));
        }
        return code;
    }
}
