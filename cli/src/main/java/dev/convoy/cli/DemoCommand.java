package dev.convoy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.data.ImageSource;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.IntegerEngine;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.tensor.Tensor;
import java.util.Optional;
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
                + " board, bit-true, and offload it to the first OpenCL device (PoCL's CPU device when there is no GPU), its"
                + " integers checked against the reference.")
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
        PrintWriter err = spec.commandLine().getErr();
        int b = batch.value();
        Model m = demoModel();
        out.println("== Model (as imported) ==");
        out.print(ModelSummary.of(m.imported()).toText());
        out.printf(Locale.ROOT, "passes: %d nodes -> %d (BatchNorm folded into Conv, activations fused)%n%n",
                m.imported().nodes().size(), m.optimized().nodes().size());
        LabelledImages images;
        try (ImageSource source = data.testImages(m)) {
            images = source.load(-1);
        }
        out.println("== Accuracy, fp32 on the CPU ==");
        out.flush();
        EvalResult r;
        try (Engine engine = Engines.open(m, EngineRequest.on(Device.cpu()).withNotes(Notes.to(err)))) {
            r = BatchedRun.evaluateStream(engine.images(images.name()), images, b, new ProgressBar(err, "eval"));
            EvalCommand.print(out, m.label(), images.name(), engine.description(), Runtime.getRuntime().availableProcessors(), r);
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
        out.println("== fp32 vs int8 (per-channel weights, onnx requantization), fast CPU engine (integers identical to the integer reference) ==");
        out.flush();
        QuantOptions o = quant.options(Scheme.parse("int8"));
        QuantizedModel q = Engines.quantize(m, EngineRequest.on(Device.cpu()).withPrecision(Precision.of(o.scheme()))
                .withQuantization(o, data.calibration(m, quant)).withProgress(new ProgressBar(err, "calibrate")));
        ValidationReport v;
        EngineRequest cpu = EngineRequest.on(Device.cpu());
        try (IntegerEngine engine = Engines.openInteger(m, q, cpu)) {
            v = Validator.validatePrepared(m.prepared(), q, images, b, new ProgressBar(err, "validate"), engine.backend(),
                    g -> Engines.hostRunner(g, cpu));
        }
        out.print(v.toText());
        out.println();
        boolean offload = offload(m, q, images.first(Math.min(OFFLOAD_IMAGES, images.size())), b, out, err);
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
        return same && offload && bits.mismatches() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** Test images the OpenCL offload runs (all of them take minutes on PoCL's CPU device). */
    static final int OFFLOAD_IMAGES = 1000;

    /**
     * The mission's offload: the int8 model on the first OpenCL device (a GPU where there is one, else PoCL's
     * CPU device), every output integer compared with the integer reference.
     *
     * @return false only when some integer differs; no OpenCL device is reported and skipped
     */
    private static boolean offload(Model m, QuantizedModel q, LabelledImages images, int batch, PrintWriter out, PrintWriter err) {
        Optional<Device> device = Engines.firstOpenClDevice(note -> out.println("== OpenCL offload skipped: " + note + " =="));
        if (device.isEmpty()) {
            return true;
        }
        long elements = 0;
        long differ = 0;
        String where;
        ProgressBar progress = new ProgressBar(err, "opencl");
        try (IntegerEngine cl = Engines.openInteger(m, q, EngineRequest.on(device.get()).withNotes(Notes.to(err)));
             IntegerEngine ref = Engines.openInteger(m, q, EngineRequest.on(Device.reference()))) {
            where = cl.where();
            out.println("== The int8 model offloaded to OpenCL: " + where + " ==");
            out.flush();
            for (int start = 0; start < images.size(); start += batch) {
                int n = Math.min(batch, images.size() - start);
                Tensor x = m.fit(images.batch(start, start + n), images.name());
                int[] a = cl.backend().runIntegers(x, null);
                int[] e = ref.backend().runIntegers(x, null);
                elements += e.length;
                for (int i = 0; i < e.length; i++) {
                    if (a.length != e.length || a[i] != e[i]) {
                        differ++;
                    }
                }
                progress.update(start + n, images.size());
            }
        }
        out.printf(Locale.ROOT, "%d images: %,d output integers from the device, %,d differ from the integer reference%n",
                images.size(), elements, differ);
        return differ == 0;
    }

    private static Model demoModel() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/resnet.onnx")) {
            if (in == null) {
                throw new IllegalStateException("the bundled demo model is missing from the jar");
            }
            return Model.load(in, "resnet.onnx (bundled)");
        }
    }

    private static JsonNode pytorchFigures() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/fixtures.json")) {
            return new ObjectMapper().readTree(in).path("models").path("resnet");
        }
    }
}
