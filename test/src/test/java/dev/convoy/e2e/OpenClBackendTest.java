package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.opencl.fp32.ConvSignature;
import dev.convoy.opencl.fp32.ConvAlgorithm;
import dev.convoy.opencl.fp32.GemmTile;
import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fp32 OpenCL backend on device 0 — PoCL in CI — against the fp32 reference, layer by layer: every
 * element of every node's output within 1e-4 relative, |a − b| ≤ 1e-4·max(1, |b|), the bar the OpenCL
 * issue sets. The GEMM kernel sums in a different order than the reference (tiles of the reduction, fused
 * multiply-adds), so bit equality is not expected; 1e-4 is far above fp32 reassociation error at these
 * reduction lengths (≤ 4,608 taps) and far below any indexing mistake.
 */
class OpenClBackendTest {
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
    void everyLayerTracksTheReference(Path model) {
        Graph g = Passes.standard(OnnxImporter.load(model));
        boolean fixture = !model.getParent().getFileName().toString().equals("ops");
        int batch = fixture ? 50 : 5;
        Tensor x = fixture ? Fixtures.testSet().first(batch).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(batch), 9);
        assertLayersMatch(cl, g, x, TuningDatabase.empty(), model.getFileName().toString());
    }

    /**
     * Randomised convolution shapes through both conv kernels: odd sizes, stride 2, asymmetric padding,
     * dilation, grouped and depthwise, 1×1 and K×1, with every GEMM tile the tuner may choose.
     */
    @Test
    void randomisedConvolutionShapes() {
        Random r = new Random(2026);
        List<GemmTile> tiles = GemmTile.candidates();
        for (int trial = 0; trial < 30; trial++) {
            RandomConv rc = RandomConv.next(r, 70, 10, 1.0, "conv" + trial);
            Conv conv = rc.conv();
            Graph g = rc.graph();
            Shape in = rc.input();
            int batch = 1 + r.nextInt(4);
            GemmTile tile = tiles.get(trial % tiles.size());
            Shape out = g.value("y").shape();
            TuningDatabase db = TuningDatabase.empty().with(cl.device().name(),
                    ConvSignature.of(conv, in, out), batch,
                    new TuningDatabase.Entry(tile, 0, 0));
            assertLayersMatch(cl, g, Fixtures.random(in.withBatch(batch), trial), db, "trial " + trial + " " + rc.describe() + " tile " + tile);
        }
    }

    /**
     * Winograd F(2×2, 3×3) against the direct-convolution reference on randomised 3×3 stride-1 layers (odd
     * and even sides down to a single output, asymmetric padding, 1–70 channels, batch 1–4), every GEMM
     * tile. Tolerance 1e-4 relative as for every fp32 kernel: the transforms add and halve, so Winograd's
     * extra rounding is a few ulps of the sum — far inside it.
     */
    @Test
    void winogradMatchesTheReference() {
        Random r = new Random(7);
        List<GemmTile> tiles = GemmTile.candidates();
        for (int trial = 0; trial < 20; trial++) {
            RandomConv rc = RandomConv.winograd(r, "winograd" + trial);
            int batch = 1 + r.nextInt(4);
            GemmTile tile = tiles.get(trial % tiles.size());
            Shape out = rc.graph().value("y").shape();
            TuningDatabase db = TuningDatabase.empty().with(cl.device().name(), ConvSignature.of(rc.conv(), rc.input(), out), batch,
                    new TuningDatabase.Entry(tile, 0, 0, ConvAlgorithm.WINOGRAD));
            String what = "trial " + trial + " " + rc.describe() + " tile " + tile;
            try (OpenClBackend b = new OpenClBackend(rc.graph(), cl, db, batch, s -> { })) {
                assertTrue(b.kernels().get("conv").startsWith("winograd_f32"), what + ": " + b.kernels());
            }
            assertLayersMatch(cl, rc.graph(), Fixtures.random(rc.input().withBatch(batch), trial), db, what);
        }
    }

    /** A tile the device cannot launch (a work-group beyond its limit) steps down and says so. */
    @Test
    void outOfResourcesRetriesWithASmallerTile() {
        Graph g = Passes.standard(OnnxImporter.load(Fixtures.dir().resolve("lenet5.onnx")));
        GemmTile huge = new GemmTile(256, 256, 64, 2, 2); // 16,384 work-items and 131 KB of local memory per group: beyond any device
        Node first = g.nodes().stream().filter(n -> n.op() instanceof Conv).findFirst().orElseThrow();
        Conv c = (Conv) first.op();
        Shape in = g.inputsOf(first).get(0).shape(), out = g.value(first.output()).shape();
        TuningDatabase db = TuningDatabase.empty().with(cl.device().name(), ConvSignature.of(c, in, out), 8, new TuningDatabase.Entry(huge, 0, 0));
        List<String> notes = new ArrayList<>();
        Tensor x = Fixtures.testSet().first(8).images();
        try (OpenClBackend b = new OpenClBackend(g, cl, db, 8, notes::add); ReferenceBackend ref = new ReferenceBackend(g, 2)) {
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).contains("'" + first.name() + "'") && notes.get(0).contains("retrying with"), notes.get(0));
            assertTrue(!b.kernels().get(first.name()).contains(huge.toString()));
            Tensor a = b.run(x), e = ref.run(x);
            for (int i = 0; i < a.size(); i++) {
                assertTrue(Math.abs(a.data()[i] - e.data()[i]) <= 1e-4 * Math.max(1, Math.abs(e.data()[i])));
            }
        }
    }

    /**
     * Streaming (uploads and read-backs on the copy queue, overlapping the kernels) gives every batch the
     * same output, bit for bit, as running the batches one at a time, in order, for batches of varying
     * size (the input buffers grow); and it leaves no device buffer behind beyond the pool.
     */
    @Test
    void streamingEqualsBatchByBatch() {
        Graph g = Passes.standard(OnnxImporter.load(Fixtures.dir().resolve("resnet.onnx")));
        Tensor images = Fixtures.testSet().first(40).images();
        int[] sizes = {3, 1, 9, 2, 12, 5, 8};
        List<Tensor> batches = new ArrayList<>();
        int from = 0;
        for (int size : sizes) {
            int per = images.shape().dropFirst().size();
            batches.add(new Tensor(images.shape().dropFirst().withBatch(size), Arrays.copyOfRange(images.data(), from * per, (from + size) * per)));
            from += size;
        }
        int before = cl.liveBuffers();
        try (OpenClBackend b = new OpenClBackend(g, cl, TuningDatabase.empty(), 8, s -> { })) {
            List<Tensor> streamed = new ArrayList<>();
            b.stream(batches.iterator(), streamed::add);
            int afterStream = cl.liveBuffers();
            assertEquals(batches.size(), streamed.size());
            for (int i = 0; i < batches.size(); i++) {
                Tensor one = b.run(batches.get(i));
                assertEquals(one.shape(), streamed.get(i).shape(), "batch " + i);
                assertArrayEquals(one.data(), streamed.get(i).data(), "batch " + i);
            }
            b.stream(batches.iterator(), t -> { });
            assertEquals(afterStream, cl.liveBuffers(), "a second stream allocated more");
        }
        assertEquals(before, cl.liveBuffers(), "device buffers left after close");
    }

    /** Ten thousand single-image inferences leave no device buffer behind: the pool stops growing. */
    @Test
    void noBufferLeakedOverTenThousandInferences() {
        Graph g = Passes.standard(OnnxImporter.load(Fixtures.dir().resolve("lenet5.onnx")));
        Tensor images = Fixtures.testSet().first(100).images();
        int before = cl.liveBuffers();
        try (OpenClBackend b = new OpenClBackend(g, cl, TuningDatabase.empty(), 1, s -> { })) {
            int afterBuild = cl.liveBuffers();
            b.run(sample(images, 0));
            int afterFirst = cl.liveBuffers();
            for (int i = 1; i < 10_000; i++) {
                b.run(sample(images, i % 100));
            }
            assertEquals(afterFirst, cl.liveBuffers(), "device buffers grew after the first inference");
            assertTrue(afterBuild > before && b.pooledBuffers() > 0 && afterFirst == afterBuild + b.pooledBuffers());
        }
        assertEquals(before, cl.liveBuffers(), "device buffers left after close");
    }

    private static Tensor sample(Tensor batch, int i) {
        int size = batch.shape().dropFirst().size();
        return new Tensor(batch.shape().dropFirst().withBatch(1), Arrays.copyOfRange(batch.data(), i * size, (i + 1) * size));
    }

    static void assertLayersMatch(OpenClContext cl, Graph g, Tensor x, TuningDatabase db, String what) {
        Map<String, float[]> reference = new HashMap<>();
        try (ReferenceBackend cpu = new ReferenceBackend(g, 2)) {
            cpu.run(Map.of(g.inputs().get(0).name(), x), (node, t) -> reference.put(node.output(), t.data()));
        }
        List<String> checked = new ArrayList<>();
        try (OpenClBackend dev = new OpenClBackend(g, cl, db, x.shape().dim(0), s -> { })) {
            dev.run(Map.of(g.inputs().get(0).name(), x), (node, t) -> {
                float[] ref = reference.get(node.output());
                float[] got = t.data();
                assertEquals(ref.length, got.length, what + " " + node.name());
                int worst = 0;
                for (int i = 0; i < got.length; i++) {
                    if (err(got[i], ref[i]) > err(got[worst], ref[worst])) {
                        worst = i;
                    }
                }
                assertTrue(got.length == 0 || err(got[worst], ref[worst]) <= 1e-4, what + " node " + node.name() + " (" + node.op().type()
                        + ", " + dev.kernels().get(node.name()) + ") element " + worst + ": " + got[worst] + " vs reference " + ref[worst]);
                checked.add(node.name());
            }, false);
        }
        assertEquals(g.nodes().size(), checked.size(), what + ": every node compared");
    }

    private static double err(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (a == b) {
            return 0; // equal infinities
        }
        return Math.abs(a - b) / Math.max(1, Math.abs(b));
    }
}
