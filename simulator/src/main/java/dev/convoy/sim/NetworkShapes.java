package dev.convoy.sim;

import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.MemoryPass;
import dev.convoy.schedule.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a network's stages from its shapes alone, layer by layer, tracking the activation's channels × rows ×
 * columns: convolutions (padding folded into the input size), pooling, element-wise adds, LRN and
 * fully-connected layers. For simulating published architectures without their weights.
 */
final class NetworkShapes {
    private final List<Stage> stages = new ArrayList<>();
    private int c, h, w;

    NetworkShapes(int channels, int rows, int cols) {
        this.c = channels;
        this.h = rows;
        this.w = cols;
    }

    int channels() {
        return c;
    }

    /** A convolution (its ReLU fused), groups dividing both channel counts. */
    NetworkShapes conv(String name, int out, int k, int stride, int pad, int groups) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        stages.add(new ConvLayer(name, "Conv", c / groups, out / groups, groups, h + 2 * pad, w + 2 * pad, oh, ow, k, k, stride));
        c = out;
        h = oh;
        w = ow;
        return this;
    }

    NetworkShapes conv(String name, int out, int k, int stride, int pad) {
        return conv(name, out, k, stride, pad, 1);
    }

    /** Max pooling (floor rounding, as Caffe's and PyTorch's defaults differ only where noted by the caller). */
    NetworkShapes maxPool(String name, int k, int stride, int pad, boolean ceil) {
        int oh = (ceil ? (h + 2 * pad - k + stride - 1) / stride : (h + 2 * pad - k) / stride) + 1;
        int ow = (ceil ? (w + 2 * pad - k + stride - 1) / stride : (w + 2 * pad - k) / stride) + 1;
        stages.add(new MemoryPass(name, "MaxPool", (long) c * h * w, (long) c * oh * ow, MemoryPass.Kind.POOL_AFTER_CONV));
        h = oh;
        w = ow;
        return this;
    }

    /** A local response normalisation: reads and writes the activation. */
    NetworkShapes lrn(String name) {
        stages.add(new MemoryPass(name, "LRN", (long) c * h * w, (long) c * h * w, MemoryPass.Kind.DRAM));
        return this;
    }

    /** The residual add of two activations of the current shape. */
    NetworkShapes add(String name) {
        stages.add(new MemoryPass(name, "Add", 2L * c * h * w, (long) c * h * w, MemoryPass.Kind.DRAM));
        return this;
    }

    /** Global average pooling to 1×1. */
    NetworkShapes globalPool(String name) {
        stages.add(new MemoryPass(name, "GlobalAveragePool", (long) c * h * w, c, MemoryPass.Kind.POOL_AFTER_CONV));
        h = 1;
        w = 1;
        return this;
    }

    /** A fully-connected layer on the flattened activation (one row per image). */
    NetworkShapes fc(String name, int out) {
        int in = c * h * w;
        stages.add(new ConvLayer(name, "Gemm", in, out, 1, 1, 1, 1, 1, 1, 1, 1));
        c = out;
        h = 1;
        w = 1;
        return this;
    }

    /** Restores a shape (the input of a residual branch). */
    NetworkShapes at(int channels, int rows, int cols) {
        c = channels;
        h = rows;
        w = cols;
        return this;
    }

    int rows() {
        return h;
    }

    int cols() {
        return w;
    }

    List<Stage> stages() {
        return List.copyOf(stages);
    }
}
