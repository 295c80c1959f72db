package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.opencl.OpenClContext;
import dev.convoy.opencl.OpenClFloatConvExecutor;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fp32 convolution kernel (conv_f32.cl) on OpenCL device 0 — PoCL in CI — inside the fp32 reference,
 * against the reference's own loops: every output element within 1e-4 relative (|a − b| ≤ 1e-4·max(1, |b|)),
 * the bar the OpenCL issue sets; the kernel sums in the reference's order but a compiler may contract
 * multiply-adds. Models: both fixtures on real images and every operator-coverage model on N(0,1) inputs.
 */
class OpenClFloatTest {
    private static OpenClContext cl;

    @BeforeAll
    static void open() {
        cl = OpenClContext.open(0);
    }

    @AfterAll
    static void close() {
        cl.close();
    }

    static Stream<Path> models() throws Exception {
        return Stream.concat(Stream.of(Fixtures.dir().resolve("lenet5.onnx"), Fixtures.dir().resolve("resnet.onnx")), OperatorCoverageTest.models());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void kernelTracksTheReference(Path model) {
        Graph g = Passes.standard(OnnxImporter.load(model));
        boolean fixture = !model.getParent().getFileName().toString().equals("ops");
        int batch = g.inputs().get(0).shape().size() > 0 && !fixture ? 5 : 50;
        Tensor x = fixture ? Fixtures.testSet().first(batch).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(batch), 9);
        try (ReferenceBackend cpu = new ReferenceBackend(g, 2); ReferenceBackend gpu = new ReferenceBackend(g, 1, new OpenClFloatConvExecutor(cl))) {
            Tensor a = gpu.run(x), b = cpu.run(x);
            double worst = 0;
            for (int i = 0; i < a.size(); i++) {
                worst = Math.max(worst, Math.abs(a.data()[i] - b.data()[i]) / Math.max(1, Math.abs(b.data()[i])));
            }
            assertTrue(worst <= 1e-4, model.getFileName() + ": relative difference " + worst);
        }
    }
}
