package dev.convoy.schedule;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One convolution-like layer in the tiling model's terms (per group): N input maps, M output maps, an
 * R×C output, a K×K kernel at stride S. A fully-connected layer is a 1×1 convolution on a 1×1 image.
 *
 * @param name     node name
 * @param op       what it came from (Conv, Gemm, GlobalAveragePool, ...)
 * @param n        input channels per group (N)
 * @param m        output channels per group (M)
 * @param groups   groups (each runs the nest once)
 * @param inH      input rows, padding included
 * @param inW      input columns, padding included
 * @param r        output rows (R)
 * @param c        output columns (C)
 * @param kh       kernel rows
 * @param kw       kernel columns
 * @param stride   stride (rows; the tiling model assumes equal strides)
 */
public record ConvLayer(String name, String op, int n, int m, int groups, int inH, int inW, int r, int c, int kh, int kw,
                        int stride) implements Stage {
    /**
     * @return whether this is a fully-connected layer (a matrix product: 1×1 kernel over rows × 1), whose batch
     *     joins its rows
     */
    public boolean isMatrix() {
        return kh == 1 && kw == 1 && c == 1 && inW == 1 && stride == 1 && r == inH;
    }

    /**
     * The layer over a batch as a tiled array runs it (Zhang et al., PipeCNN): a fully-connected layer's rows
     * grow by the batch, so each weight block loaded serves every image; a convolution runs once per image, its
     * weights loaded again for each.
     *
     * @param batch images
     * @return the batched layer
     */
    public ConvLayer batched(int batch) {
        if (batch == 1) {
            return this;
        }
        return isMatrix() ? new ConvLayer(name, op, n, m, groups, inH * batch, inW, r * batch, c, kh, kw, stride)
                : new ConvLayer(name, op, n, m, groups * batch, inH, inW, r, c, kh, kw, stride);
    }

    /** @return multiply-accumulates per image, all groups */
    public long macs() {
        return (long) groups * m * n * r * c * kh * kw;
    }

    /**
     * The AlexNet-style square layer of Zhang et al.'s table.
     *
     * @param name name
     * @param n    input maps
     * @param m    output maps
     * @param rc   output rows = columns
     * @param k    kernel
     * @param s    stride
     * @return the layer (input size (rc − 1)·s + k)
     */
    public static ConvLayer square(String name, int n, int m, int rc, int k, int s) {
        int in = (rc - 1) * s + k;
        return new ConvLayer(name, "Conv", n, m, 1, in, in, rc, rc, k, k, s);
    }

    /**
     * @param g an fp32 graph
     * @return its Conv and Gemm layers in execution order
     */
    public static List<ConvLayer> of(Graph g) {
        List<ConvLayer> out = new ArrayList<>();
        for (Node node : g.nodes()) {
            Value x = g.value(node.inputs().get(0));
            Shape y = g.value(node.output()).shape();
            if (node.op() instanceof Conv cv) {
                dev.convoy.graph.Padding p = cv.window().padding();
                dev.convoy.graph.Lowered low = g.lowered().get(node.name());
                if (low != null && low.kernel().length == 3 && cv.groups() == 1) {
                    // a 3-D convolution, imported as a depth-folded 2-D one (output channels M·Do, input channels N·D with
                    // zero blocks): mapped as M·Do output maps, each reading only its kD input frames (N·kD channels), so
                    // the array does the 3-D layer's own MACs, frame after frame, weights reloaded per output frame
                    long perChannel = (long) cv.window().kernelH() * cv.window().kernelW() * y.dim(1) * y.dim(2) * cv.outChannels();
                    if (perChannel > 0 && low.macs() % perChannel == 0) {
                        out.add(new ConvLayer(node.name(), "Conv 3-D", (int) (low.macs() / perChannel), cv.outChannels(), 1,
                                x.shape().dim(1) + p.top() + p.bottom(), x.shape().dim(2) + p.left() + p.right(), y.dim(1), y.dim(2),
                                cv.window().kernelH(), cv.window().kernelW(), cv.window().strideH()));
                        continue;
                    }
                }
                out.add(new ConvLayer(node.name(), low != null ? "Conv " + low.kernel().length + "-D" : "Conv", cv.inChannels() / cv.groups(),
                        cv.outChannels() / cv.groups(), cv.groups(),
                        x.shape().dim(1) + p.top() + p.bottom(), x.shape().dim(2) + p.left() + p.right(), y.dim(1), y.dim(2),
                        cv.window().kernelH(), cv.window().kernelW(), cv.window().strideH()));
            } else if (node.op() instanceof Dense d) {
                int rows = x.shape().size() / d.inFeatures();
                out.add(new ConvLayer(node.name(), "Gemm", d.inFeatures(), d.outFeatures(), 1, rows, 1, rows, 1, 1, 1, 1));
            }
        }
        return out;
    }

    /**
     * @param q a quantized model
     * @return its integer convolutions (Conv, Gemm, BatchNorm, average pooling) in execution order
     */
    public static List<ConvLayer> of(QuantizedModel q) {
        List<ConvLayer> out = new ArrayList<>();
        for (QNode node : q.layers()) {
            if (node.layer() instanceof QLayer.QConv c) {
                Shape x = image(q.shapes().get(node.inputs().get(0)));
                Shape y = image(q.shapes().get(node.output()));
                dev.convoy.graph.Padding p = c.window().padding();
                out.add(new ConvLayer(node.name(), c.origin(), x.dim(0) / c.groups(), c.outChannels() / c.groups(), c.groups(),
                        x.dim(1) + p.top() + p.bottom(), x.dim(2) + p.left() + p.right(), y.dim(1), y.dim(2), c.window().kernelH(),
                        c.window().kernelW(), c.window().strideH()));
            }
        }
        return out;
    }

    private static Shape image(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }
}
