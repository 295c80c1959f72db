package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.cpu.CpuBackend;
import dev.convoy.cpu.CpuIntegerLayers;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.io.Npy;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.opencl.integer.OpenClIntegerLayers;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.passes.Passes;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model zoo (fixtures/torchvision, exported by tools/fixtures/export_torchvision.py: torchvision's ResNet-18,
 * VGG-11, AlexNet, GoogLeNet, DenseNet-121, MobileNetV2, MobileNetV3-Small, EfficientNet-B0, ShuffleNetV2,
 * SqueezeNet and a U-Net, narrowed, random weights) through every path:
 * <ul>
 *   <li>fp32 on the fast CPU engine against ONNX Runtime and against PyTorch's own outputs: every output within
 *       1e-4 of the largest output magnitude (fp32 with other summation orders; a relative bound per tensor);
 *   <li>int8 (onnx mode), calibrated on 32 N(0,1) inputs of the model's own shape, on the fast engine: the SQNR
 *       of the output against fp32 at least the bar listed per model in {@link #MIN_SQNR} (measured values
 *       printed; random-weight networks have no trained range structure, so deep ones lose more than trained
 *       ones do), and the islands printed;
 *   <li>OpenCL on device 0 (PoCL in CI): every fp32 node within 1e-4 relative of the reference, every integer
 *       of every layer equal to the integer reference.
 * </ul>
 */
class ModelZooTest {
    /** int8 output SQNR bars (dB), 5 dB under the values measured when the bars were set (printed by the test). */
    private static final Map<String, Double> MIN_SQNR = Map.ofEntries(
            Map.entry("mobilenet_v2_w025", 33.0), Map.entry("squeezenet1_1", 29.0), Map.entry("resnet18_n8", 26.0),
            Map.entry("vgg11_n8", 25.0), Map.entry("alexnet_n8", 40.0), Map.entry("googlenet_n8", 42.0),
            Map.entry("densenet121_g8", 29.0), Map.entry("mobilenet_v3_small_w05", 28.0), Map.entry("efficientnet_b0_w025", 31.0),
            Map.entry("shufflenet_v2_n", 40.0), Map.entry("unet_small", 45.0));

    private static OpenClContext cl;

    @BeforeAll
    static void open() {
        cl = OpenClContext.open(0);
    }

    @AfterAll
    static void close() {
        cl.close();
    }

    static List<String> zoo() throws Exception {
        JsonNode j = new ObjectMapper().readTree(dir().resolve("torchvision.json").toFile());
        List<String> names = new ArrayList<>();
        j.path("models").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Path dir() {
        return Fixtures.dir().resolve("torchvision");
    }

    private static double relativeError(Tensor a, Tensor b) {
        double largest = 0;
        for (float v : b.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        return Fixtures.maxAbsDiff(a, b) / largest;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void fp32MatchesOnnxRuntimeAndPyTorch(String name) throws Exception {
        Path model = dir().resolve(name + ".onnx");
        Graph g = Passes.standard(OnnxImporter.load(model));
        Tensor x = Npy.read(dir().resolve(name + ".input.npy"));
        Tensor torch = Npy.read(dir().resolve(name + ".output.npy"));
        try (CpuBackend cpu = new CpuBackend(g, 2); OrtPeer ort = new OrtPeer(model)) {
            Tensor ours = cpu.run(x);
            Tensor theirs = ort.run(x);
            double vsOrt = relativeError(ours, theirs), vsTorch = relativeError(ours, torch);
            System.out.printf(java.util.Locale.ROOT, "%s fp32: max |Convoy − ORT| / max|ORT| = %.2g, against PyTorch %.2g%n", name, vsOrt, vsTorch);
            assertTrue(vsOrt <= 1e-4, name + ": against ONNX Runtime " + vsOrt);
            assertTrue(vsTorch <= 1e-4, name + ": against PyTorch " + vsTorch);
        }
    }

    private static QuantizedModel int8(Graph imported) {
        Tensor calib = Fixtures.random(imported.inputs().get(0).shape().withBatch(32), 5);
        return Quantizer.quantizePrepared(Quantizer.prepare(imported), new LabelledImages("random", calib, new int[32]),
                QuantOptions.defaults(Scheme.parse("int8"), RequantMode.ONNX), Progress.NONE, g -> new CpuBackend(g, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void int8TracksFp32(String name) throws Exception {
        Graph imported = OnnxImporter.load(dir().resolve(name + ".onnx"));
        QuantizedModel q = int8(imported);
        Tensor x = Npy.read(dir().resolve(name + ".input.npy"));
        Tensor a, b;
        try (CpuBackend cpu = new CpuBackend(Passes.standard(imported), 2); IntegerBackend ib = new IntegerBackend(q, new CpuIntegerLayers(q, 2))) {
            a = cpu.run(x);
            b = ib.run(x);
        }
        double signal = 0, noise = 0;
        for (int i = 0; i < a.size(); i++) {
            signal += (double) a.data()[i] * a.data()[i];
            noise += Math.pow(a.data()[i] - b.data()[i], 2);
        }
        double sqnr = 10 * Math.log10(signal / noise);
        System.out.printf(java.util.Locale.ROOT, "%s int8: SQNR %.1f dB, %d integer layers, fp32 islands %s%n", name, sqnr,
                q.layers().size() - q.islands().size(), q.islands());
        assertTrue(sqnr >= MIN_SQNR.get(name), name + ": int8 SQNR " + sqnr + " dB");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void openClOnPoclEqualsTheReferences(String name) throws Exception {
        Graph imported = OnnxImporter.load(dir().resolve(name + ".onnx"));
        Tensor x = Npy.read(dir().resolve(name + ".input.npy"));
        Tensor two = new Tensor(x.shape().dropFirst().withBatch(2), Arrays.copyOf(x.data(), x.size() / 2));
        OpenClBackendTest.assertLayersMatch(cl, Passes.standard(imported), two, TuningDatabase.empty(), name);
        QuantizedModel q = int8(imported);
        OpenClBitExactTest.assertEveryElementEqual(q, new OpenClIntegerLayers(cl, q), two, name);
        assertEquals(2, two.shape().dim(0));
    }
}
