package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator and attribute form in fixtures/ops (exported by tools/fixtures/export_op_models.py) against
 * ONNX Runtime on random N(0,1) inputs.
 *
 * <p>Peer: ONNX Runtime Java, CPU. Tolerance: 1e-4 absolute on every output element — the bar. Both
 * sides compute in fp32 but sum in different orders (ORT uses im2col + blocked GEMM); with these models'
 * dot products of at most a few hundred terms of magnitude ≲ 10 the reordering error is ~1e-6.
 */
class OperatorCoverageTest {
    private static final double TOLERANCE = 1e-4;

    static Stream<Path> models() throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.dir().resolve("ops"))) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void matchesOnnxRuntime(Path model) throws Exception {
        Graph imported = OnnxImporter.load(model);
        Graph optimised = Passes.standard(imported);
        try (OrtPeer ort = new OrtPeer(model);
             ReferenceBackend raw = new ReferenceBackend(imported, 2);
             ReferenceBackend opt = new ReferenceBackend(optimised, 2)) {
            long declared = ort.declaredBatch();
            int batch = declared > 0 ? (int) declared : 3;
            Tensor x = Fixtures.random(imported.inputs().get(0).shape().withBatch(batch), model.hashCode());
            Tensor expected = ort.run(x);
            double rawDiff = Fixtures.maxAbsDiff(raw.run(x), expected);
            double optDiff = Fixtures.maxAbsDiff(opt.run(x), expected);
            assertTrue(rawDiff <= TOLERANCE, model.getFileName() + " as imported: max |Convoy − ORT| = " + rawDiff);
            assertTrue(optDiff <= TOLERANCE, model.getFileName() + " after passes: max |Convoy − ORT| = " + optDiff);
            if (declared > 0) {
                // a static-batch model still runs any batch: each sample equals its batch-of-one result
                Tensor four = Fixtures.random(imported.inputs().get(0).shape().withBatch(4), 7);
                Tensor all = opt.run(four);
                int per = all.size() / 4;
                for (int i = 0; i < 4; i++) {
                    Tensor sample = new Tensor(imported.inputs().get(0).shape().withBatch(1),
                            Arrays.copyOfRange(four.data(), i * four.size() / 4, (i + 1) * four.size() / 4));
                    Tensor fromBatch = new Tensor(ort.run(sample).shape(), Arrays.copyOfRange(all.data(), i * per, (i + 1) * per));
                    assertTrue(Fixtures.maxAbsDiff(fromBatch, ort.run(sample)) <= TOLERANCE, "sample " + i + " of a batch of 4");
                }
            }
        }
    }
}
