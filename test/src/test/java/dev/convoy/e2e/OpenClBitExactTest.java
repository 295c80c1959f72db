package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.fixedpoint.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.opencl.OpenClContext;
import dev.convoy.opencl.OpenClConvExecutor;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OpenCL integer convolution kernel (conv_int.cl with requant.cl) on OpenCL device 0 — PoCL in CI —
 * equals the integer reference on every element of every layer. Models: the trained fixtures on real test
 * images, and operator-coverage models (odd sizes, stride 2, asymmetric padding, dilation, depthwise and
 * grouped, 1×1) on N(0,1) inputs; schemes int8/int16/fixed in all three requantization modes.
 */
class OpenClBitExactTest {
    private static OpenClContext cl;

    @BeforeAll
    static void open() {
        cl = OpenClContext.open(0);
    }

    @AfterAll
    static void close() {
        cl.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}/{4}")
    @CsvSource({"lenet5.onnx,int8,onnx,RND,SAT", "resnet.onnx,int8,tflite,RND,SAT", "resnet.onnx,int16,tflite,RND,SAT",
        "resnet.onnx,fixed:8,shift,RND_CONV,SAT_SYM", "lenet5.onnx,fixed:6,shift,TRN,WRAP", "ops/conv_geometry.onnx,int8,onnx,RND,SAT",
        "ops/depthwise.onnx,fixed:8,shift,RND_ZERO,SAT", "ops/conv_autopad.onnx,int16,onnx,RND,SAT", "ops/pad_modes.onnx,int8,tflite,RND,SAT"})
    void kernelEqualsTheIntegerReference(String model, String scheme, String requant, String rounding, String overflow) {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model));
        boolean fixture = !model.startsWith("ops/");
        Tensor calib = fixture ? Fixtures.testSet().first(200).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(200), 3);
        Tensor test = fixture ? Fixtures.testSet().first(40).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(40), 4);
        QuantOptions d = QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant));
        QuantOptions o = new QuantOptions(d.scheme(), d.method(), d.requant(), d.calibImages(), Map.of(),
                Rounding.valueOf(rounding), Overflow.valueOf(overflow));
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[calib.shape().dim(0)]), o, Progress.NONE);
        Map<String, int[]> reference = new HashMap<>();
        try (IntegerBackend cpu = new IntegerBackend(q, 2)) {
            cpu.runIntegers(test, (node, value, shape, data, format) -> reference.put(value, data));
        }
        long[] compared = new long[1];
        try (IntegerBackend gpu = new IntegerBackend(q, 1, new OpenClConvExecutor(cl))) {
            gpu.runIntegers(test, (node, value, shape, data, format) -> {
                int[] r = reference.get(value);
                int diff = 0;
                for (int i = 0; i < data.length; i++) {
                    diff += data[i] != r[i] ? 1 : 0;
                }
                assertEquals(0, diff, model + " layer " + value + ": elements differing from the integer reference");
                compared[0] += data.length;
            });
        }
        assertTrue(compared[0] > 0);
    }
}
