package dev.convoy.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.GraphFixtures;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fast backend against the reference on layer shapes chosen to reach every path: odd sizes, stride 2,
 * dilation, groups, depthwise (direct, any multiplier, strided), 1×1, asymmetric padding, K and P spanning
 * several blocks, fused activations, batches. Tolerance: 1e-4 of the largest reference output — both are fp32 sums
 * of the same products in different orders (K ≤ 2,304 here, whose reordering error is a few ulps of the sum).
 */
class CpuBackendTest {
    private record Case(String name, int c, int h, int w, int m, int k, int stride, int dilation, Padding pad, int groups, Activation act) {
    }

    private static final List<Case> CASES = List.of(
            new Case("3x3 odd", 5, 13, 11, 7, 3, 1, 1, new Padding(1, 1, 1, 1), 1, new Activation.Relu()),
            new Case("3x3 unpadded, many columns", 32, 40, 37, 24, 3, 1, 1, Padding.NONE, 1, Activation.NONE),
            new Case("3x3 asymmetric, rows over panels", 64, 14, 14, 70, 3, 1, 1, new Padding(0, 2, 2, 0), 1, Activation.NONE),
            new Case("3x3 stride 2 asymmetric", 8, 17, 15, 12, 3, 2, 1, new Padding(0, 1, 2, 0), 1, Activation.NONE),
            new Case("dilated", 4, 20, 20, 9, 3, 1, 2, new Padding(2, 2, 2, 2), 1, Activation.NONE),
            new Case("1x1 in place", 64, 14, 14, 40, 1, 1, 1, Padding.NONE, 1, new Activation.Relu()),
            new Case("1x1 stride 2", 16, 9, 9, 20, 1, 2, 1, Padding.NONE, 1, Activation.NONE),
            new Case("grouped", 12, 10, 10, 18, 3, 1, 1, new Padding(1, 1, 1, 1), 3, new Activation.Clip(0, 6)),
            new Case("depthwise stride 2", 16, 12, 12, 16, 3, 2, 1, new Padding(1, 1, 1, 1), 16, Activation.NONE),
            new Case("depthwise odd, ReLU6", 24, 15, 13, 24, 3, 1, 1, new Padding(1, 1, 1, 1), 24, new Activation.Clip(0, 6)),
            new Case("depthwise ×2, dilated, asymmetric", 5, 19, 23, 10, 3, 1, 2, new Padding(0, 3, 2, 1), 5, new Activation.Relu()),
            new Case("depthwise 5x5 stride 2", 8, 33, 33, 8, 5, 2, 1, new Padding(2, 2, 2, 2), 8, Activation.NONE),
            new Case("deep (K over blocks)", 256, 7, 7, 100, 3, 1, 1, new Padding(1, 1, 1, 1), 1, new Activation.Relu()),
            new Case("wide (P over blocks)", 3, 40, 37, 8, 5, 1, 1, new Padding(2, 2, 2, 2), 1, Activation.NONE),
            new Case("7x7 stride 2", 3, 31, 31, 16, 7, 2, 1, new Padding(3, 3, 3, 3), 1, new Activation.Relu()));

    private static void assertClose(Graph g, Tensor x, String what) {
        Tensor ref, fast;
        try (ReferenceBackend r = new ReferenceBackend(g, 2); CpuBackend f = new CpuBackend(g, 2)) {
            ref = r.run(x);
            fast = f.run(x);
        }
        double largest = 0;
        for (float v : ref.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        double err = GraphFixtures.maxAbsDiff(ref, fast);
        assertTrue(largest > 0 && err <= 1e-4 * largest, what + ": max |fast − reference| " + err + " vs largest " + largest);
    }

    @Test
    void convolutionsMatchTheReference() {
        long seed = 1;
        for (Case c : CASES) {
            int cg = c.c() / c.groups();
            Conv conv = new Conv(GraphFixtures.random(seed++, c.m(), cg, c.k(), c.k()), GraphFixtures.uniform(seed++, c.m(), -1, 1),
                    new Window(c.k(), c.k(), c.stride(), c.stride(), c.dilation(), c.dilation(), c.pad(), false), c.groups(), c.act());
            Graph g = new Graph(c.name(), List.of(new Value("x", Shape.of(c.c(), c.h(), c.w()), true)),
                    List.of(new Node("conv", conv, List.of("x"), "y")), Map.of(), List.of("y"));
            for (int batch : new int[] {1, 3, 5}) { // 5 ≥ 2 × threads: one sample per task
                assertClose(g, GraphFixtures.random(seed++, batch, c.c(), c.h(), c.w()), c.name() + ", batch " + batch);
            }
        }
    }

    /** Max pooling (odd sizes, strides, padding, ceil mode, dilation) and a residual add with ReLU: exact, not within a tolerance. */
    @Test
    void poolingAndResidualAddsEqualTheReference() {
        long seed = 200;
        Window[] windows = {new Window(3, 3, 2, 2, 1, 1, new Padding(1, 1, 1, 1), false), new Window(2, 2, 2, 2, 1, 1, Padding.NONE, true),
            new Window(3, 2, 1, 2, 2, 1, new Padding(0, 1, 2, 0), false), new Window(5, 5, 3, 3, 1, 1, new Padding(2, 2, 2, 2), true)};
        for (Window win : windows) {
            Graph g = new Graph("pool", List.of(new Value("x", Shape.of(6, 17, 15), true)),
                    List.of(new Node("pool", new dev.convoy.graph.Pool(dev.convoy.graph.PoolKind.MAX, win, false), List.of("x"), "y")),
                    Map.of(), List.of("y"));
            Tensor x = GraphFixtures.random(seed++, 2, 6, 17, 15);
            try (ReferenceBackend r = new ReferenceBackend(g, 2); CpuBackend f = new CpuBackend(g, 2)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(r.run(x).data(), f.run(x).data(), win.toString());
            }
        }
        Conv branch = new Conv(GraphFixtures.random(seed++, 8, 8, 3, 3), null, new Window(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), false), 1,
                Activation.NONE);
        Graph res = new Graph("residual", List.of(new Value("x", Shape.of(8, 9, 9), true)),
                List.of(new Node("conv", branch, List.of("x"), "c"),
                        new Node("add", new dev.convoy.graph.Binary(dev.convoy.graph.BinaryKind.ADD, new Activation.Relu()), List.of("c", "x"), "y")),
                Map.of(), List.of("y"));
        assertClose(res, GraphFixtures.random(seed, 3, 8, 9, 9), "conv + residual add + ReLU");
    }

    @Test
    void fullyConnectedLayersMatchTheReference() {
        long seed = 100;
        for (int[] s : new int[][] {{512, 1000}, {37, 10}, {3, 5}, {100, 3}}) {
            Dense d = new Dense(GraphFixtures.random(seed++, s[1], s[0]), GraphFixtures.uniform(seed++, s[1], -1, 1), new Activation.Relu());
            Graph g = new Graph("fc", List.of(new Value("x", Shape.of(s[0]), true)), List.of(new Node("fc", d, List.of("x"), "y")),
                    Map.of(), List.of("y"));
            for (int batch : new int[] {1, 4}) {
                assertClose(g, GraphFixtures.random(seed++, batch, s[0]), "fc " + s[0] + "→" + s[1] + ", batch " + batch);
            }
        }
    }

    /**
     * Activation arrays are reused across layers and runs: a chain conv → ReLU → conv → add (residual) → flatten (which
     * passes its input's array through) → dense, run again and again with new inputs, gives each time what a fresh
     * backend gives, and never touches the caller's input or an output already returned.
     */
    @Test
    void reusedBuffersNeverLeakIntoLaterRuns() {
        long seed = 300;
        Window same = new Window(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), false);
        Conv c1 = new Conv(GraphFixtures.random(seed++, 8, 8, 3, 3), null, same, 1, Activation.NONE);
        Conv c2 = new Conv(GraphFixtures.random(seed++, 8, 8, 3, 3), null, same, 1, Activation.NONE);
        Dense d = new Dense(GraphFixtures.random(seed++, 10, 8 * 9 * 9), null, Activation.NONE);
        Graph g = new Graph("chain", List.of(new Value("x", Shape.of(8, 9, 9), true)),
                List.of(new Node("c1", c1, List.of("x"), "a"),
                        new Node("relu", new dev.convoy.graph.ActivationLayer(new Activation.Relu()), List.of("a"), "b"),
                        new Node("c2", c2, List.of("b"), "c"),
                        new Node("add", new dev.convoy.graph.Binary(dev.convoy.graph.BinaryKind.ADD, Activation.NONE), List.of("c", "b"), "e"),
                        new Node("flat", new dev.convoy.graph.Flatten(1), List.of("e"), "f"),
                        new Node("fc", d, List.of("f"), "y")),
                Map.of(), List.of("y"));
        try (CpuBackend reused = new CpuBackend(g, 2)) {
            List<float[]> earlier = new java.util.ArrayList<>();
            List<float[]> expected = new java.util.ArrayList<>();
            for (int run = 0; run < 6; run++) {
                Tensor x = GraphFixtures.random(seed + run, 1 + run % 3, 8, 9, 9);
                float[] input = x.data().clone();
                float[] got = reused.run(x).data();
                try (CpuBackend fresh = new CpuBackend(g, 2)) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.run(x).data(), got, "run " + run);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(input, x.data(), "run " + run + ": the input was written to");
                earlier.add(got);
                expected.add(got.clone());
            }
            for (int i = 0; i < earlier.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(i), earlier.get(i), "output of run " + i + " changed later");
            }
        }
    }
}
