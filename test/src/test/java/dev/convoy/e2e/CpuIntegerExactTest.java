package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.cpu.CpuIntegerConvolutions;
import dev.convoy.cpu.CpuIntegerLayers;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast CPU engine's integer layers ({@link CpuIntegerLayers}; convolutions in {@link CpuIntegerConvolutions}:
 * exact fp32 chunks into 32-bit accumulators; max pooling and ONNX Runtime's add vectorised) equal the integer reference on every element of every layer — no tolerance, the reference defines
 * the numerics. Models: the trained fixtures on real test images, every operator-coverage model and randomised
 * convolution shapes (odd sizes, stride 2, asymmetric padding, dilation, grouped, depthwise, 1×1) on N(0,1)
 * inputs; every scheme (int8, int16, fixed:W) in the three requantization modes and several rounding/overflow
 * modes; batch 1 and larger (fully-connected layers put the batch on the GEMM's columns). 8-bit layers must take
 * the GEMM (else the comparison would judge the reference against itself); 16-bit ones may be left to the
 * reference, which the test reports.
 */
class CpuIntegerExactTest {
    @ParameterizedTest(name = "{0} {1} {2} {3}/{4} batch {5}")
    @CsvSource({"lenet5.onnx,int8,onnx,RND,SAT,1", "lenet5.onnx,int8,onnx,RND,SAT,40", "resnet.onnx,int8,tflite,RND,SAT,40",
        "resnet.onnx,int8,onnx,RND,SAT,1", "resnet.onnx,int16,tflite,RND,SAT,8", "resnet.onnx,fixed:8,shift,RND_CONV,SAT_SYM,40",
        "lenet5.onnx,fixed:6,shift,TRN,WRAP,40", "lenet5.onnx,fixed:12,shift,RND,SAT,7", "resnet.onnx,int16,onnx,RND,SAT,3",
        "tinted/tinted.onnx,int8,onnx,RND,SAT,5"})
    void fixturesEqualTheIntegerReference(String model, String scheme, String requant, String rounding, String overflow, int batch) {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model));
        boolean mnist = !model.startsWith("tinted");
        Tensor calib = mnist ? Fixtures.testSet().first(200).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(50), 3);
        Tensor test = mnist ? Fixtures.testSet().first(batch).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(batch), 4);
        QuantOptions d = QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant));
        QuantOptions o = new QuantOptions(d.scheme(), d.method(), d.requant(), d.calibImages(), Map.of(),
                Rounding.valueOf(rounding), Overflow.valueOf(overflow));
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[calib.shape().dim(0)]), o, Progress.NONE);
        assertEveryElementEqual(q, test, model + " " + scheme, eightBit(scheme));
    }

    static Stream<Arguments> coverage() throws Exception {
        return OperatorCoverageTest.models().flatMap(m -> Stream.of(
                Arguments.of(m, "int8", "onnx"), Arguments.of(m, "int8", "tflite"), Arguments.of(m, "int16", "onnx"),
                Arguments.of(m, "fixed:8", "shift")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("coverage")
    void operatorCoverageModelsEqualTheIntegerReference(java.nio.file.Path model, String scheme, String requant) {
        Graph g = OnnxImporter.load(model);
        Shape in = g.inputs().get(0).shape();
        QuantizedModel q;
        try {
            q = Quantizer.quantize(g, new LabelledImages("calib", Fixtures.random(in.withBatch(64), 1), new int[64]),
                    QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        } catch (dev.convoy.BadInputException e) {
            return; // the models the integer path refuses are QuantizedOperatorCoverageTest's to judge
        }
        assertEveryElementEqual(q, Fixtures.random(in.withBatch(3), 2), model.getFileName() + " " + scheme + "/" + requant, false);
    }

    @Test
    void randomisedConvolutionShapes() {
        Random r = new Random(2031);
        String[][] schemes = {{"int8", "onnx"}, {"int8", "tflite"}, {"fixed:8", "shift"}, {"int16", "tflite"}, {"fixed:12", "shift"},
            {"int16", "onnx"}};
        for (int trial = 0; trial < 36; trial++) {
            RandomConv rc = RandomConv.next(r, 70, 9, 0.3, "conv" + trial);
            String[] sm = schemes[trial % schemes.length];
            Tensor calib = Fixtures.random(rc.input().withBatch(16), 100 + trial);
            QuantizedModel q = Quantizer.quantize(rc.graph(), new LabelledImages("calib", calib, new int[16]),
                    QuantOptions.defaults(Scheme.parse(sm[0]), RequantMode.parse(sm[1])), Progress.NONE);
            Tensor test = Fixtures.random(rc.input().withBatch(1 + r.nextInt(3)), 200 + trial);
            assertEveryElementEqual(q, test, "trial " + trial + " " + sm[0] + "/" + sm[1] + " " + rc.describe(), eightBit(sm[0]));
        }
    }

    private static boolean eightBit(String scheme) {
        return scheme.equals("int8") || scheme.equals("fixed:8") || scheme.equals("fixed:6");
    }

    private static void assertEveryElementEqual(QuantizedModel q, Tensor test, String what, boolean allOnGemm) {
        Map<String, int[]> reference = new HashMap<>();
        try (IntegerBackend ref = new IntegerBackend(q, 2)) {
            ref.runIntegers(test, (node, value, shape, data, format) -> reference.put(value, data.clone()));
        }
        long[] compared = new long[1];
        CpuIntegerLayers layers = new CpuIntegerLayers(q, 2);
        CpuIntegerConvolutions convs = layers.convolutions();
        try (IntegerBackend fast = new IntegerBackend(q, layers)) {
            fast.runIntegers(test, (node, value, shape, data, format) -> {
                int[] r = reference.get(value);
                int diff = 0;
                for (int i = 0; i < data.length; i++) {
                    diff += data[i] != r[i] ? 1 : 0;
                }
                assertEquals(0, diff, what + " layer " + value + ": elements differing from the integer reference");
                compared[0] += data.length;
            });
            if (allOnGemm) {
                assertEquals(List.of(), convs.referenceLayers(), what + ": 8-bit layers left to the reference loops");
                assertTrue(!convs.gemmLayers().isEmpty(), what + ": no layer ran on the GEMM");
            } else if (!convs.referenceLayers().isEmpty()) {
                System.out.println(what + ": on the reference loops (formats too wide for exact fp32 chunks): " + convs.referenceLayers());
            }
        }
        assertTrue(compared[0] > 0);
    }
}
