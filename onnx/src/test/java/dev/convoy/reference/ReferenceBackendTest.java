package dev.convoy.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import dev.convoy.GraphFixtures;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Properties of the golden model that the peer tests do not show. */
class ReferenceBackendTest {
    private static Graph resnet() {
        return Passes.standard(OnnxImporter.load(GraphFixtures.fixtures().resolve("resnet.onnx")));
    }

    @Test
    void resultsDoNotDependOnThreadsOrBatching() {
        Graph g = resnet();
        Tensor x = GraphFixtures.random(11, 6, 1, 28, 28);
        try (ReferenceBackend one = new ReferenceBackend(g, 1); ReferenceBackend four = new ReferenceBackend(g, 4)) {
            Tensor a = one.run(x);
            assertArrayEquals(a.data(), four.run(x).data(), "bit-identical across thread counts");
            Tensor single = one.run(new Tensor(x.shape().dropFirst().withBatch(1), java.util.Arrays.copyOf(x.data(), 784)));
            assertArrayEquals(java.util.Arrays.copyOf(a.data(), 10), single.data(), "a sample's result ignores its batch");
        }
    }

    @Test
    void wrongInputShapeIsABadInput() {
        try (ReferenceBackend b = new ReferenceBackend(resnet(), 1)) {
            BadInputException e = assertThrows(BadInputException.class, () -> b.run(GraphFixtures.random(1, 2, 3, 28, 28)));
            assertTrue(e.getMessage().contains("expects [N,1,28,28]"), e.getMessage());
        }
    }

    @Test
    void batchTooLargeForTheHeapIsRefusedBeforeRunning() {
        // the ResNet's largest activation is 16·28·28 floats per image; pick a batch whose activations
        // cannot fit in three quarters of this JVM's heap, while its input alone still does
        long perImage = 3L * 4 * 16 * 28 * 28;
        int n = (int) Math.min(Integer.MAX_VALUE / 784, Runtime.getRuntime().maxMemory() * 3 / 4 / perImage + 1);
        try (ReferenceBackend b = new ReferenceBackend(resnet(), 1)) {
            Tensor input = Tensor.zeros(dev.convoy.tensor.Shape.of(n, 1, 28, 28));
            BadInputException e = assertThrows(BadInputException.class, () -> b.run(input));
            assertTrue(e.getMessage().contains("smaller batch"), e.getMessage());
        }
    }
}
