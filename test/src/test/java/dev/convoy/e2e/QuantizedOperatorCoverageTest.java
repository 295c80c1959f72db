package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator-coverage model quantized in three schemes and run on the integer reference, against the
 * fp32 reference on the same random inputs: N(0,1) draws of the model's input shape, 200 for calibration of
 * which the first 50 are the test inputs (so the bar measures precision, not clipping of unseen extremes). The bar is the SQNR of the whole output: ≥ 20 dB for int8 and fixed:8 (a few
 * 8-bit layers in a row keep ~30 dB), ≥ 50 dB for int16. No model is refused: what the integer path has no
 * exact layer for stays in fp32 as an island, and the islands are printed.
 */
class QuantizedOperatorCoverageTest {
    static Stream<Arguments> cases() throws Exception {
        return OperatorCoverageTest.models().flatMap(m -> Stream.of(
                Arguments.of(m, "int8", "onnx", 20.0), Arguments.of(m, "int16", "onnx", 50.0), Arguments.of(m, "fixed:8", "shift", 20.0)));
    }

    private static LabelledImages random(Graph g, int n, long seed) {
        Tensor t = Fixtures.random(g.inputs().get(0).shape().withBatch(n), seed);
        return new LabelledImages("random", t, new int[n]);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void quantizedOutputTracksFp32(Path model, String scheme, String requant, double minSqnr) {
        Graph g = OnnxImporter.load(model);
        QuantizedModel q = Quantizer.quantize(g, random(g, 200, 1), QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)),
                Progress.NONE);
        q.layers().stream().filter(l -> l.layer() instanceof QLayer.QFloat).forEach(l -> System.out.printf("%s %s: island %s (%s)%n",
                model.getFileName(), scheme, l.name(), ((QLayer.QFloat) l.layer()).reason()));
        Tensor all = random(g, 200, 1).images();
        Tensor x = new Tensor(g.inputs().get(0).shape().withBatch(50), java.util.Arrays.copyOf(all.data(), all.size() / 4));
        try (ReferenceBackend ref = new ReferenceBackend(Passes.standard(g), 2); IntegerBackend ib = new IntegerBackend(q, 2)) {
            Tensor a = ref.run(x), b = ib.run(x);
            double signal = 0, noise = 0;
            for (int i = 0; i < a.size(); i++) {
                signal += (double) a.data()[i] * a.data()[i];
                noise += Math.pow(a.data()[i] - b.data()[i], 2);
            }
            double sqnr = 10 * Math.log10(signal / Math.max(noise, 1e-30));
            System.out.printf(java.util.Locale.ROOT, "%s %s %s: SQNR %.1f dB%n", model.getFileName(), scheme, requant, sqnr);
            assertTrue(sqnr >= minSqnr, model.getFileName() + " " + scheme + ": SQNR " + sqnr + " dB < " + minSqnr);
        }
    }
}
