package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The int8 model Convoy exports in {@code onnx} mode, run by ONNX Runtime, equals Convoy's integer reference
 * on every element of every layer (every integer value is exposed as a graph output).
 *
 * <p>Peer: ONNX Runtime Java, CPU. Tolerance: none — bit-exact. The per-layer comparison runs the file as
 * written (graph optimizations off, so DequantizeLinear → Add → QuantizeLinear islands execute as those
 * three operators); a second run with ORT's default optimizations (which may fuse them into its own
 * kernels) must still give identical dequantized outputs.
 */
class QuantizedOnnxRuntimeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet"})
    void int8OnnxModeIsBitExactWithOnnxRuntime(String name) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(name + ".onnx"));
        LabelledImages calib = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(500);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse("int8"), RequantMode.ONNX), Progress.NONE);
        Path file = tmp.resolve(name + "-int8.onnx");
        LabelledImages test = Fixtures.testSet().first(500);
        float[] ourLogits = assertEveryLayerBitExact(q, file, test.images());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path plain = tmp.resolve(name + "-int8-plain.onnx");
        QuantizedOnnxWriter.write(q, plain, false);
        OrtSession.SessionOptions all = new OrtSession.SessionOptions();
        all.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession s = env.createSession(plain.toString(), all);
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.images().data()), new long[] {test.size(), 1, 28, 28});
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            for (int i = 0; i < ourLogits.length; i++) {
                assertEquals(ourLogits[i], fb.get(i), 0f, "optimised ORT, output element " + i);
            }
        }
    }

    /**
     * 16-bit and shift-mode exports are standard ONNX too: ONNX Runtime loads and runs them. It evaluates
     * DequantizeLinear → Conv → QuantizeLinear in float with ONNX's rounding rather than Convoy's integer
     * rule, so the peer bar here is agreement, not bit-exactness: at least 99 % of the 500 images get the same
     * class, and logits stay within 2 % of their range.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"resnet,int16,onnx", "lenet5,fixed:8,shift"})
    void otherSchemesRunInOnnxRuntime(String name, String scheme, String requant) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(name + ".onnx"));
        LabelledImages calib = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(500);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        Path file = tmp.resolve(name + ".onnx");
        QuantizedOnnxWriter.write(q, file, false);
        LabelledImages test = Fixtures.testSet().first(500);
        assertAgrees(q, file, test.images(), name + " " + scheme);
    }

    /**
     * ONNX Runtime (default optimisations) runs the written file on the inputs and agrees with Convoy's integer
     * reference on at least 99 % of the classes, with outputs within 2 % of their range: the bar for files whose
     * 16-bit or shift-mode layers ONNX Runtime evaluates with its own float rounding.
     */
    static void assertAgrees(QuantizedModel q, Path file, Tensor x, String what) throws Exception {
        float[] ours;
        try (IntegerBackend b = new IntegerBackend(q, 2)) {
            ours = b.run(x).data();
        }
        int n = x.shape().dim(0), classes = ours.length / n;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), java.util.Arrays.stream(x.shape().dims()).asLongStream().toArray());
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] theirs = new float[fb.remaining()];
            fb.get(theirs);
            int agree = 0;
            double range = 0, maxDiff = 0;
            for (int i = 0; i < ours.length; i++) {
                range = Math.max(range, Math.abs(ours[i]));
                maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
            }
            for (int i = 0; i < n; i++) {
                agree += dev.convoy.eval.BatchedRun.argmax(ours, i * classes, classes) == dev.convoy.eval.BatchedRun.argmax(theirs, i * classes, classes) ? 1 : 0;
            }
            assertTrue(agree >= 0.99 * n, what + ": classes agree on " + agree + "/" + n);
            assertTrue(maxDiff <= 0.02 * range, what + ": max output difference " + maxDiff + " of range " + range);
        }
    }

    /**
     * Writes the model with every integer value exposed, runs it in ONNX Runtime (no graph optimisations) and
     * requires every integer of every layer and the dequantized output to equal Convoy's integer reference.
     *
     * @return Convoy's output
     */
    static float[] assertEveryLayerBitExact(QuantizedModel q, Path file, Tensor x) throws Exception {
        QuantizedOnnxWriter.write(q, file, true);
        Map<String, int[]> ours = new HashMap<>();
        float[] ourLogits;
        try (IntegerBackend b = new IntegerBackend(q, 2)) {
            ourLogits = b.run(x, (node, value, shape, data, format) -> ours.put(QuantizedOnnxWriter.integerName(q, value), data)).data();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        opts.setIntraOpNumThreads(2);
        long compared = 0;
        try (OrtSession s = env.createSession(file.toString(), opts);
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()),
                     java.util.Arrays.stream(x.shape().dims()).asLongStream().toArray());
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                if (!ours.containsKey(e.getKey())) {
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] theirs = new float[fb.remaining()];
                    fb.get(theirs);
                    assertEquals(ourLogits.length, theirs.length);
                    for (int i = 0; i < theirs.length; i++) {
                        assertEquals(ourLogits[i], theirs[i], 0f, "dequantized output element " + i);
                    }
                    continue;
                }
                ByteBuffer bb = t.getByteBuffer();
                int[] mine = ours.get(e.getKey());
                assertEquals(mine.length, bb.remaining(), e.getKey());
                int mismatches = 0;
                for (int i = 0; i < mine.length; i++) {
                    if (mine[i] != bb.get(i)) {
                        mismatches++;
                    }
                }
                assertEquals(0, mismatches, "layer " + e.getKey() + ": elements differing from ONNX Runtime");
                compared += mine.length;
            }
        }
        assertTrue(compared > x.size(), "compared " + compared + " integers");
        return ourLogits;
    }

    /**
     * The model zoo's networks whose int8 form has no fp32 island (torchvision's MobileNetV3 with HardSwish tables
     * and squeeze-excitation products, EfficientNet with SiLU and squeeze-excitation products, ResNet-18,
     * DenseNet, ...): every integer of every layer equal to ONNX Runtime's on the exported file (integer Mul
     * included: exported as DequantizeLinear → Mul → QuantizeLinear, which is its onnx-mode definition).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @ValueSource(strings = {"mobilenet_v3_small_w05", "efficientnet_b0_w025", "resnet18_n8", "densenet121_g8", "googlenet_n8", "shufflenet_v2_n"})
    void zooModelsWithoutIslandsAreBitExact(String name) throws Exception {
        Path dir = Fixtures.dir().resolve("torchvision");
        Graph g = OnnxImporter.load(dir.resolve(name + ".onnx"));
        Tensor calib = Fixtures.random(g.inputs().get(0).shape().withBatch(32), 5);
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("random", calib, new int[32]),
                QuantOptions.defaults(Scheme.parse("int8"), RequantMode.ONNX), Progress.NONE);
        assertEquals(java.util.Map.of(), q.islands(), name);
        assertEveryLayerBitExact(q, tmp.resolve(name + "-int8.onnx"), dev.convoy.io.Npy.read(dir.resolve(name + ".input.npy")));
    }
}
