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
 * a vector of columns at a time. A strided layer computes its rows at stride 1 and keeps every sW-th column
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
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[ph * pw], new float[full + Gemm.VL], new float[ow]});
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
        float[] out = new float[n * m * oh * ow];
        parallel.forEach(n * c, task -> channel(x, out, task / c, task % c));
        return out;
    }

    private void channel(float[] x, float[] out, int b, int ic) {
        float[][] s = scratch.get();
        float[] plane = s[0], row = s[1], picked = s[2];
        Arrays.fill(plane, 0f);
        int src = (b * c + ic) * h * w;
        for (int y = 0; y < h; y++) {
            System.arraycopy(x, src + y * w, plane, (y + pt) * pw + pl, w);
        }
        Window win = conv.window();
        int sh = win.strideH(), sw = win.strideW(), dh = win.dilationH(), dw = win.dilationW();
        float[] wt = conv.weight().data();
        float[] bias = conv.bias();
        int bound = Gemm.SPECIES.loopBound(full);
        for (int q = 0; q < mg; q++) {
            int oc = ic * mg + q, wBase = oc * kh * kw;
            float bv = bias == null ? 0f : bias[oc];
            for (int oy = 0; oy < oh; oy++) {
                Arrays.fill(row, 0, full, 0f);
                for (int ky = 0; ky < kh; ky++) {
                    int rowBase = (oy * sh + ky * dh) * pw;
                    for (int kx = 0; kx < kw; kx++) {
                        float wv = wt[wBase + ky * kw + kx];
                        int in = rowBase + kx * dw;
                        FloatVector wb = FloatVector.broadcast(Gemm.SPECIES, wv);
                        int t = 0;
                        for (; t < bound; t += Gemm.VL) {
                            wb.fma(FloatVector.fromArray(Gemm.SPECIES, plane, in + t), FloatVector.fromArray(Gemm.SPECIES, row, t))
                                    .intoArray(row, t);
                        }
                        for (; t < full; t++) {
                            row[t] += wv * plane[in + t];
                        }
                    }
                }
                int dst = ((b * m + oc) * oh + oy) * ow;
                if (sw == 1) {
                    Epilogue.apply(row, 0, out, dst, ow, bv, conv.activation());
                } else {
                    for (int ox = 0; ox < ow; ox++) {
                        picked[ox] = row[ox * sw];
                    }
                    Epilogue.apply(picked, 0, out, dst, ow, bv, conv.activation());
                }
            }
        }
    }
}
