package dev.convoy.cpu;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Window;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A depthwise convolution (one input channel per group) computed directly: each input plane is copied once into a
 * zero-bordered scratch plane, then every output row is a sum of kH·kW shifted input rows scaled by one weight,
 * a vector of columns at a time; with stride 1 (or rows shorter than two vectors) all output rows are one run over
 * the bordered plane, so 7- and 14-column rows still fill the vectors. A strided layer computes its rows at stride 1 and keeps every sW-th column
 * (depthwise layers are memory-bound: the wasted FMAs cost less than gathers). GEMM would multiply 1 × K by K × P
 * per channel, with no reuse to win.
 */
final class DepthwiseConv {
    private final Conv conv;
    private final int c, h, w, m, oh, ow, kh, kw, mg, ph, pw, pt, pl, full;
    private final ThreadLocal<float[][]> scratch;

    /**
     * @param conv     a convolution with one input channel per group
     * @param inShape  per-sample input [C, H, W]
     * @param outShape per-sample output [M, oH, oW]
     */
    DepthwiseConv(Conv conv, Shape inShape, Shape outShape) {
        this.conv = conv;
        this.c = inShape.dim(0);
        this.h = inShape.dim(1);
        this.w = inShape.dim(2);
        this.m = outShape.dim(0);
        this.oh = outShape.dim(1);
        this.ow = outShape.dim(2);
        Window win = conv.window();
        this.kh = win.kernelH();
        this.kw = win.kernelW();
        this.mg = m / conv.groups();
        this.pt = win.padding().top();
        this.pl = win.padding().left();
        this.full = (ow - 1) * win.strideW() + 1;
        // wide enough for every tap of every stride-1 column, and the rows any output row reads
        this.pw = Math.max(w + pl + win.padding().right(), full + (kw - 1) * win.dilationW());
        this.ph = Math.max(h + pt + win.padding().bottom(), (oh - 1) * win.strideH() + (kh - 1) * win.dilationH() + 1);
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[ph * pw + 2 * Gemm.VL], new float[ph * pw + 2 * Gemm.VL], new float[ow]});
    }

    /**
     * @param conv a convolution
     * @return whether it has one input channel per group (depthwise, any channel multiplier)
     */
    static boolean applies(Conv conv) {
        return conv.groups() > 1 && conv.weight().shape().dim(1) == 1;
    }

    /**
     * @param x        input, n samples [C, H, W]
     * @param n        samples
     * @param parallel the worker pool
     * @return output, n samples [M, oH, oW]
     */
    float[] run(float[] x, int n, Parallel parallel) {
        return run(x, new float[n * m * oh * ow], n, parallel);
    }

    /**
     * @param x        input, n samples [C, H, W]
     * @param out      output, n samples [M, oH, oW]: every element is written
     * @param n        samples
     * @param parallel the worker pool
     * @return out
     */
    float[] run(float[] x, float[] out, int n, Parallel parallel) {
        parallel.forEach(n * c, task -> channel(x, out, task / c, task % c));
        return out;
    }

    private void channel(float[] x, float[] out, int b, int ic) {
        float[][] s = scratch.get();
        float[] plane = s[0], row = s[1], picked = s[2];
        // the border stays zero: every channel writes the same interior, and the plane is this thread's and layer's own
        int src = (b * c + ic) * h * w;
        for (int y = 0; y < h; y++) {
            System.arraycopy(x, src + y * w, plane, (y + pt) * pw + pl, w);
        }
        Window win = conv.window();
        int sh = win.strideH(), sw = win.strideW(), dh = win.dilationH(), dw = win.dilationW();
        float[] wt = conv.weight().data();
        float[] bias = conv.bias();
        // rows of the output as one run over the bordered plane when stride-1 rows follow each other at pw (or a
        // row alone is too short for vectors): a row of 7 or 14 columns would otherwise leave every lane idle
        boolean flat = sh == 1 || full < 2 * Gemm.VL;
        int needed = flat ? (oh - 1) * sh * pw + full : full;
        // whole vectors: the lanes past the last output are computed and never read (the buffers have room)
        int runLength = (needed + Gemm.VL - 1) / Gemm.VL * Gemm.VL;
        int runs = flat ? 1 : oh;
        for (int q = 0; q < mg; q++) {
            int oc = ic * mg + q, wBase = oc * kh * kw;
            float bv = bias == null ? 0f : bias[oc];
            for (int r = 0; r < runs; r++) {
                int base = r * sh * pw;
                if (kh == 3 && kw == 3) {
                    threeByThree(plane, base, dh * pw, dw, wt, wBase, row, runLength);
                } else {
                    Arrays.fill(row, 0, runLength, 0f);
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            FloatVector wb = FloatVector.broadcast(Gemm.SPECIES, wt[wBase + ky * kw + kx]);
                            int in = base + ky * dh * pw + kx * dw;
                            for (int t = 0; t < runLength; t += Gemm.VL) {
                                wb.fma(FloatVector.fromArray(Gemm.SPECIES, plane, in + t), FloatVector.fromArray(Gemm.SPECIES, row, t))
                                        .intoArray(row, t);
                            }
                        }
                    }
                }
                if (sw == 1) {
                    // bias and activation over the whole run a vector at a time, then the rows copied out
                    Epilogue.apply(row, 0, row, 0, runLength, bv, conv.activation());
                }
                for (int oy = flat ? 0 : r; oy < (flat ? oh : r + 1); oy++) {
                    int from = flat ? oy * sh * pw : 0;
                    int dst = ((b * m + oc) * oh + oy) * ow;
                    if (sw == 1) {
                        System.arraycopy(row, from, out, dst, ow);
                    } else {
                        for (int ox = 0; ox < ow; ox++) {
                            picked[ox] = row[from + ox * sw];
                        }
                        Epilogue.apply(picked, 0, out, dst, ow, bv, conv.activation());
                    }
                }
            }
        }
    }

    /**
     * The 3 × 3 case with the nine taps summed in a register per vector of the run (nine loads and one store per
     * vector instead of a load and a store of the run per tap).
     *
     * @param plane bordered input plane
     * @param base  the run's first element in the plane
     * @param dy    offset of the next kernel row (dilation × row length)
     * @param dx    offset of the next kernel column (dilation)
     * @param wt    weights
     * @param w0    this channel's first weight
     * @param row   the run's sums
     * @param len   run length, a multiple of the vector length
     */
    private static void threeByThree(float[] plane, int base, int dy, int dx, float[] wt, int w0, float[] row, int len) {
        FloatVector w00 = FloatVector.broadcast(Gemm.SPECIES, wt[w0]), w01 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 1]);
        FloatVector w02 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 2]), w10 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 3]);
        FloatVector w11 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 4]), w12 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 5]);
        FloatVector w20 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 6]), w21 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 7]);
        FloatVector w22 = FloatVector.broadcast(Gemm.SPECIES, wt[w0 + 8]);
        for (int t = 0; t < len; t += Gemm.VL) {
            int a = base + t, b = a + dy, c = b + dy;
            FloatVector acc = FloatVector.fromArray(Gemm.SPECIES, plane, a).mul(w00);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, a + dx).fma(w01, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, a + 2 * dx).fma(w02, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, b).fma(w10, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, b + dx).fma(w11, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, b + 2 * dx).fma(w12, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, c).fma(w20, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, c + dx).fma(w21, acc);
            acc = FloatVector.fromArray(Gemm.SPECIES, plane, c + 2 * dx).fma(w22, acc);
            acc.intoArray(row, t);
        }
    }
}
