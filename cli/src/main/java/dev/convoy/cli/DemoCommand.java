package dev.convoy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.BatchedRun;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import dev.convoy.eval.EvalResult;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.Scheme;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.Validator;
import dev.convoy.report.ModelSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code convoy demo}: the main job on the bundled model — the ResNet fixture's summary and its accuracy on
 * the Fashion-MNIST test set, checked against the top-1 PyTorch measured when it trained the model.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Summarise the bundled ResNet, evaluate it on the Fashion-MNIST test set (exit 1 if its fp32 top-1 "
                + "differs from PyTorch's), quantize it to int8 and compare layer by layer, then simulate it on a PipeCNN-style"
                + " board, bit-true.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    BatchOption batch;

    @Mixin
    QuantOptionsMixin quant;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int b = batch.value();
        LoadedModel m = LoadedModel.demo();
        out.println("== Model (as imported) ==");
        out.print(ModelSummary.of(m.imported()).toText());
        out.printf(Locale.ROOT, "passes: %d nodes -> %d (BatchNorm folded into Conv, activations fused)%n%n",
                m.imported().nodes().size(), m.graph().nodes().size());
        LabelledImages images = data.testImages();
        out.println("== Accuracy, fp32 reference backend ==");
        out.flush();
        EvalResult r;
        try (ModelRunner runner = ModelRunner.of(m, null, quant, data.dir, spec.commandLine().getErr())) {
            r = BatchedRun.evaluateStream(runner.stream(images.name()), images, b, new ProgressBar(spec.commandLine().getErr(), "eval"));
            EvalCommand.print(out, m.label(), images.name(), runner.description(), r);
        }
        JsonNode torch = pytorchFigures();
        int expected = torch.path("correct").asInt();
        boolean same = true;
        if (images.size() != 10_000) {
            out.printf(Locale.ROOT, "PyTorch top-1 on all 10,000 images: %.2f%% (not compared: --limit %d)%n",
                    100 * torch.path("top1").asDouble(), images.size());
        } else {
            same = r.correct() == expected;
            out.printf(Locale.ROOT, "PyTorch top-1 (at export): %.2f%% (%d/10000) -> %s%n", 100 * torch.path("top1").asDouble(),
                    expected, same ? "identical" : "MISMATCH");
        }
        out.println();
        out.println("== fp32 vs int8 (per-channel weights, onnx requantization), integer reference ==");
        out.flush();
        QuantOptions o = quant.options(Scheme.parse("int8"));
        QuantizedModel q = Quantizer.quantize(m.imported(), QuantOptionsMixin.calibrationImages(data.dir, o), o,
                new ProgressBar(spec.commandLine().getErr(), "calibrate"));
        ValidationReport v = Validator.validate(m.imported(), q, images, b, new ProgressBar(spec.commandLine().getErr(), "validate"));
        out.print(v.toText());
        out.println();
        HardwareConfig board = HardwareConfigs.load("pipecnn-de5net");
        out.println("== The int8 model on a simulated " + board.name() + " (PipeCNN-style 16x8 PE array, 198 MHz) ==");
        out.flush();
        SimulationReport sim = Simulator.timing(m.label(), ConvLayer.of(q), board, null);
        BitTrueSimulation.Result bits = BitTrueSimulation.run(q, board, null, images.first(Math.min(100, images.size())).images());
        sim = SimulationReport.of(sim.model(), sim.hardware(), sim.clockMhz(), sim.layers(), bits.mismatches() == 0);
        out.print(sim.toText());
        out.printf(Locale.ROOT, "bit-true: %,d integers from the simulated tiles, %,d differ from the integer reference%n",
                bits.elements(), bits.mismatches());
        return same && bits.mismatches() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private static JsonNode pytorchFigures() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/fixtures.json")) {
            return new ObjectMapper().readTree(in).path("models").path("resnet");
        }
    }
}
