package dev.convoy.e2e;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A randomised convolution layer for the kernel tests: kernel 1, 2, 3 or 5 (sometimes K×1), dense, grouped
 * or depthwise, stride 1 or 2, dilation 1 or 2, asymmetric padding, odd image sizes, fused ReLU or none,
 * Gaussian weights and biases.
 *
 * @param conv  the layer
 * @param input its per-sample input shape
 * @param graph a one-node graph x → conv → y
 */
record RandomConv(Conv conv, Shape input, Graph graph) {

    /**
     * @param r           the random source
     * @param maxOut      most output channels (dense and grouped)
     * @param minSide     smallest image side (at least the largest dilated kernel extent, 9)
     * @param weightScale standard deviation of the weights
     * @param name        the graph's name
     * @return the layer
     */
    static RandomConv next(Random r, int maxOut, int minSide, double weightScale, String name) {
        int k = new int[] {1, 3, 5, 2}[r.nextInt(4)];
        int kw = r.nextInt(4) == 0 ? 1 : k;
        int groups = new int[] {1, 1, 1, 2, 0}[r.nextInt(5)];
        int c = 1 + r.nextInt(24);
        int m = 1 + r.nextInt(maxOut);
        if (groups == 0) { // depthwise
            groups = c;
            m = c;
        } else if (groups == 2) {
            c += c % 2;
            m += m % 2;
        }
        int stride = 1 + r.nextInt(2), dilation = r.nextInt(4) == 0 ? 2 : 1;
        Padding pad = new Padding(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(2));
        int h = minSide + r.nextInt(20), w = minSide + r.nextInt(20);
        return build(r, new Window(k, kw, stride, stride, dilation, dilation, pad, false), groups, c, m, h, w, weightScale, name);
    }

    /**
     * A layer Winograd F(2×2, 3×3) runs: 3×3, stride 1, undilated, one group; odd and even sides down to 1,
     * asymmetric padding, up to 70 channels each way.
     */
    static RandomConv winograd(Random r, String name) {
        Padding pad = new Padding(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(2));
        int h = 1 + r.nextInt(20), w = 1 + r.nextInt(20);
        h = Math.max(h, 3 - pad.top() - pad.bottom());
        w = Math.max(w, 3 - pad.left() - pad.right());
        return build(r, new Window(3, 3, 1, 1, 1, 1, pad, false), 1, 1 + r.nextInt(70), 1 + r.nextInt(70), h, w, 1.0, name);
    }

    private static RandomConv build(Random r, Window win, int groups, int c, int m, int h, int w, double weightScale, String name) {
        int k = win.kernelH(), kw = win.kernelW();
        float[] weights = new float[m * (c / groups) * k * kw];
        float[] bias = new float[m];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (r.nextGaussian() * weightScale);
        }
        for (int i = 0; i < m; i++) {
            bias[i] = (float) r.nextGaussian();
        }
        Activation act = r.nextBoolean() ? new Activation.Relu() : Activation.NONE;
        Conv conv = new Conv(new Tensor(Shape.of(m, c / groups, k, kw), weights), bias, win, groups, act);
        Shape in = Shape.of(c, h, w);
        Graph g = new Graph(name, List.of(new Value("x", in, true)), List.of(new Node("conv", conv, List.of("x"), "y")), Map.of(), List.of("y"));
        return new RandomConv(conv, in, g);
    }

    /** @return e.g. "Window[...] c14 m30 g2 18x13" */
    String describe() {
        return conv.window() + " c" + input.dim(0) + " m" + conv.outChannels() + " g" + conv.groups() + " " + input.dim(1) + "x" + input.dim(2);
    }
}
