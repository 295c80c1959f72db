package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.cpu.CpuIntegerLayers;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.EvalResult;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.quant.onnx.ImportedModel;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed precision ({@code --layer-scheme}): LeNet-5 in int8 with its first convolution and last fully-connected
 * layer in int16, and in fixed:8 with its first convolution in fixed:12. Those layers take the wider formats and
 * the rest keep theirs; the fast CPU engine gives the integer reference's integers on every layer; the file reads
 * back exactly; ONNX Runtime runs it (the int16 layer as 16-bit QDQ, which it evaluates in float, so agreement
 * rather than bit-exactness: ≥ 99 % of classes, logits within 2 % of their range); and the accuracy on all 10,000
 * test images stays within the int8 gate of 0.5 points.
 */
class MixedPrecisionTest {
    @TempDir
    Path tmp;

    private static LabelledImages calibration() {
        return FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(500);
    }

    /** Every integer value, in execution order (a re-imported model names its quantized input differently). */
    private static void assertSameIntegers(QuantizedModel a, QuantizedModel b, dev.convoy.tensor.Tensor x, boolean fastB) {
        // (the fast engine against the reference on one model: every layer)
        java.util.List<int[]> ref = new java.util.ArrayList<>(), got = new java.util.ArrayList<>();
        try (IntegerBackend r = new IntegerBackend(a, 2)) {
            r.runIntegers(x, (node, value, shape, data, format) -> ref.add(data));
        }
        try (IntegerBackend o = fastB ? new IntegerBackend(b, new CpuIntegerLayers(b, 2)) : new IntegerBackend(b, 2)) {
            o.runIntegers(x, (node, value, shape, data, format) -> got.add(data));
        }
        assertEquals(ref.size(), got.size(), "integer values");
        for (int i = 0; i < ref.size(); i++) {
            assertArrayEquals(ref.get(i), got.get(i), "integer value " + i + " in execution order");
        }
    }

    /** The re-imported file: the same output integers and dequantized outputs. */
    private static void assertSameOutputs(QuantizedModel a, QuantizedModel b, dev.convoy.tensor.Tensor x) {
        try (IntegerBackend r = new IntegerBackend(a, 2); IntegerBackend o = new IntegerBackend(b, 2)) {
            assertArrayEquals(r.runIntegers(x, null), o.runIntegers(x, null), "output integers after re-import");
            assertArrayEquals(r.run(x).data(), o.run(x).data(), "outputs after re-import");
        }
    }

    @Test
    void int16LayersInAnInt8Network() throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve("lenet5.onnx"));
        QuantOptions o = QuantOptions.defaults(Scheme.parse("int8"), RequantMode.ONNX)
                .withLayerSchemes(Map.of("/conv1/Conv", Scheme.parse("int16"), "/fc3/Gemm", Scheme.parse("int16")));
        QuantizedModel q = Quantizer.quantize(g, calibration(), o, Progress.NONE);
        q.layers().forEach(l -> {
            boolean wide = l.name().equals("/conv1/Conv") || l.name().equals("/MaxPool") || l.name().equals("/fc3/Gemm");
            assertEquals(wide ? 32767 : 127, q.formats().get(l.output()).qmax(), l.name());
        });
        LabelledImages test = Fixtures.testSet().first(300);
        assertSameIntegers(q, q, test.images(), true);

        Path file = tmp.resolve("mixed.onnx");
        QuantizedOnnxWriter.write(q, file, false);
        assertSameOutputs(q, ImportedModel.load(file, null).quantized(), test.images());

        QuantizedOnnxRuntimeTest.assertAgrees(q, file, test.images(), "lenet5 int8 with int16 layers");
        double fp32 = Fixtures.metadata().path("models").path("lenet5").path("top1").asDouble();
        try (IntegerBackend b = new IntegerBackend(q, new CpuIntegerLayers(q, 2))) {
            EvalResult r = BatchedRun.evaluate(b::run, Fixtures.testSet(), 250, Progress.NONE);
            System.out.printf(java.util.Locale.ROOT, "lenet5 int8 with conv1 and fc3 in int16: top-1 %.2f%% (fp32 %.2f%%)%n", 100 * r.top1(), 100 * fp32);
            assertTrue(100 * (fp32 - r.top1()) <= 0.5, "drop " + 100 * (fp32 - r.top1()));
        }
    }

    @Test
    void aWiderFixedPointLayerInAFixed8Network() throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve("lenet5.onnx"));
        QuantOptions o = QuantOptions.defaults(Scheme.parse("fixed:8"), RequantMode.SHIFT)
                .withLayerSchemes(Map.of("/conv1/Conv", Scheme.parse("fixed:12")));
        QuantizedModel q = Quantizer.quantize(g, calibration(), o, Progress.NONE);
        assertEquals(12, q.formats().get(q.layers().get(0).output()).fixed().width());
        assertEquals(8, q.formats().get(q.layers().get(q.layers().size() - 1).output()).fixed().width());
        LabelledImages test = Fixtures.testSet().first(300);
        assertSameIntegers(q, q, test.images(), true);
        Path file = tmp.resolve("mixed-fixed.onnx");
        QuantizedOnnxWriter.write(q, file, false);
        assertSameOutputs(q, ImportedModel.load(file, null).quantized(), test.images());
    }
}
