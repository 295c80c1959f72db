package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.internal.kernel.KernelManager;
import dev.convoy.aparapi.AparapiBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Aparapi backend against the fp32 reference, node by node, on the fixtures (real test images) and the
 * operator-coverage models: within 1e-4 relative (the kernels sum taps in the reference's order, but the
 * OpenCL compiler may contract multiply-adds into FMAs; 1e-4 is far above that and far below an indexing
 * mistake). On CI's PoCL every Aparapi kernel must report OpenCL, and a run forced onto Aparapi's Java thread
 * pool must say so — the backend never falls back silently.
 */
class AparapiBackendTest {

    static Stream<Path> models() throws Exception {
        return Stream.concat(Stream.of(Fixtures.dir().resolve("lenet5.onnx"), Fixtures.dir().resolve("resnet.onnx")), OperatorCoverageTest.models());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyLayerTracksTheReferenceOnOpenCl(Path model) {
        Graph g = Passes.standard(OnnxImporter.load(model));
        Tensor x = input(g, model);
        Device best = KernelManager.instance().bestDevice();
        assertTrue(best instanceof com.aparapi.device.OpenCLDevice, "Aparapi sees an OpenCL device (PoCL in CI): " + best);
        try (AparapiBackend b = new AparapiBackend(g, best)) {
            assertLayersMatch(g, x, b, model.getFileName().toString());
            b.placements().forEach((node, where) -> assertTrue(where.startsWith("OpenCL: "), model + " node " + node + " ran on " + where));
            assertTrue(b.summary().contains(" on OpenCL"), b.summary());
        }
    }

    @Test
    void aJavaThreadRunSaysSo() {
        Path model = Fixtures.dir().resolve("lenet5.onnx");
        Graph g = Passes.standard(OnnxImporter.load(model));
        try (AparapiBackend b = new AparapiBackend(g, JavaDevice.THREAD_POOL)) {
            assertLayersMatch(g, input(g, model), b, "lenet5 on Java threads");
            assertTrue(!b.placements().isEmpty());
            b.placements().forEach((node, where) -> assertTrue(where.startsWith("Java threads"), node + " reported " + where + " " + b.placements()));
            assertTrue(b.summary().startsWith("Aparapi: 0 layers on OpenCL, " + b.placements().size() + " on Java threads"), b.summary());
        }
    }

    private static Tensor input(Graph g, Path model) {
        boolean fixture = !model.getParent().getFileName().toString().equals("ops");
        return fixture ? Fixtures.testSet().first(20).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(3), 9);
    }

    private static void assertLayersMatch(Graph g, Tensor x, AparapiBackend b, String what) {
        Map<String, float[]> reference = new HashMap<>();
        try (ReferenceBackend cpu = new ReferenceBackend(g, 2)) {
            cpu.run(Map.of(g.inputs().get(0).name(), x), (node, t) -> reference.put(node.output(), t.data()));
        }
        int[] checked = new int[1];
        b.run(Map.of(g.inputs().get(0).name(), x), (node, t) -> {
            float[] ref = reference.get(node.output());
            float[] got = t.data();
            assertEquals(ref.length, got.length, what + " " + node.name());
            for (int i = 0; i < got.length; i++) {
                double err = got[i] == ref[i] ? 0 : Math.abs(got[i] - ref[i]) / Math.max(1, Math.abs(ref[i]));
                assertTrue(err <= 1e-4, what + " node " + node.name() + " element " + i + ": " + got[i] + " vs reference " + ref[i]);
            }
            checked[0]++;
        });
        assertEquals(g.nodes().size(), checked[0], what + ": every node compared");
    }
}
