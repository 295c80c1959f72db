package dev.convoy.opencl.fp32;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.tensor.Shape;

/**
 * One sample's convolution as the kernels see it; a fully-connected layer is a 1×1 convolution of a 1×1
 * image.
 *
 * @param c      input channels
 * @param h      input rows
 * @param w      input columns
 * @param m      output channels
 * @param oh     output rows
 * @param ow     output columns
 * @param groups channel groups
 */
public record ConvShape(int c, int h, int w, int m, int oh, int ow, int groups) {
    /** Output channels per group below which a GEMM tile would be mostly padding. */
    private static final int MIN_GEMM_CHANNELS = 16;

    public static ConvShape of(Conv conv, Shape in, Shape out) {
        return new ConvShape(in.dim(0), in.dim(1), in.dim(2), conv.outChannels(), out.dim(1), out.dim(2), conv.groups());
    }

    public static ConvShape of(Dense dense) {
        return new ConvShape(dense.inFeatures(), 1, 1, dense.outFeatures(), 1, 1, 1);
    }

    /** @return whether the implicit GEMM kernel runs it (else the direct kernel: depthwise, narrow groups) */
    public boolean gemm() {
        return groups == 1 || m / groups >= MIN_GEMM_CHANNELS;
    }
}
