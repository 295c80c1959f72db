package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.EvalResult;
import dev.convoy.eval.Progress;
import dev.convoy.io.Npy;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trained fixtures (tools/fixtures/train_fixtures.py: LeNet-5 and a ResNet; tools/fixtures/train_nd.py: a 1-D
 * network over image rows and a 3-D network over stacks of shifted frames) on real Fashion-MNIST test images.
 *
 * <p>Peers: ONNX Runtime Java on the same .onnx, and PyTorch's own logits saved at export time.
 * Tolerance 1e-4 absolute per logit (the bar): logits are O(10) and every dot product has at most
 * 400 terms, so fp32 summation-order differences stay near 1e-5. Top-1 over all 10,000 test images must
 * equal PyTorch's count exactly.
 */
class FashionMnistFixtureTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "conv1d_rows", "conv3d_frames"})
    void logitsMatchOnnxRuntimeAndPyTorch(String name) throws Exception {
        Path model = Fixtures.dir().resolve(name + ".onnx");
        LabelledImages first = Fixtures.testSet().first(256);
        try (ReferenceBackend convoy = new ReferenceBackend(Passes.standard(OnnxImporter.load(model)), 2);
             OrtPeer ort = new OrtPeer(model)) {
            Tensor ours = convoy.run(first.images());
            double vsOrt = Fixtures.maxAbsDiff(ours, ort.run(first.images()));
            double vsTorch = Fixtures.maxAbsDiff(ours, Npy.read(Fixtures.dir().resolve(name + ".logits256.npy")));
            assertTrue(vsOrt <= TOLERANCE, name + ": max |Convoy − ORT| = " + vsOrt);
            assertTrue(vsTorch <= TOLERANCE, name + ": max |Convoy − PyTorch| = " + vsTorch);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "conv1d_rows", "conv3d_frames"})
    void top1OnAllTestImagesEqualsPyTorch(String name) throws Exception {
        JsonNode meta = Fixtures.metadata().path("models").path(name);
        try (ReferenceBackend convoy = new ReferenceBackend(Passes.standard(OnnxImporter.load(Fixtures.dir().resolve(name + ".onnx"))))) {
            EvalResult r = BatchedRun.evaluate(convoy::run, Fixtures.testSet(), 250, Progress.NONE);
            assertEquals(10_000, r.images());
            assertEquals(meta.path("correct").asInt(), r.correct(), name + " top-1 differs from PyTorch's");
        }
    }
}
