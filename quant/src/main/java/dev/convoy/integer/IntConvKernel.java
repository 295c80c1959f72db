package dev.convoy.integer;

import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;

/**
 * Integer convolution: inputs centred on their zero point (so padding contributes exactly 0), products
 * summed with the bias, then the output stage per channel. Accumulators are 32-bit when no sum can
 * overflow them (8-bit formats: |w|·|x − zp| ≤ 127·255 per tap, so any layer under 66,000 taps per output),
 * 64-bit otherwise; both give the exact integer sum.
 */
final class IntConvKernel {
    private IntConvKernel() {
    }

    /** @return the per-sample shape as [C,H,W] (a vector [K] is a K-channel 1×1 image) */
    static Shape asImage(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    /** @return whether every partial sum of this layer fits in 32 bits */
    static boolean fitsInt32(QLayer.QConv conv, int[] x) {
        long maxW = 0;
        for (int w : conv.weight()) {
            maxW = Math.max(maxW, Math.abs((long) w));
        }
        long maxX = 0;
        for (int v : x) {
            maxX = Math.max(maxX, Math.abs((long) v - conv.inputZeroPoint()));
        }
        long maxBias = 0;
        for (long b : conv.bias()) {
            maxBias = Math.max(maxBias, Math.abs(b));
        }
        return maxBias + maxW * maxX * conv.taps() < Integer.MAX_VALUE;
    }

    static int[] run(QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n, Parallel parallel) {
        Shape in = asImage(inShape);
        Shape outImg = asImage(outShape);
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int m = conv.outChannels(), oh = outImg.dim(1), ow = outImg.dim(2);
        int cg = c / conv.groups(), mg = m / conv.groups();
        int[] centred = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            centred[i] = x[i] - conv.inputZeroPoint();
        }
        boolean narrow = fitsInt32(conv, x);
        int[] out = new int[n * m * oh * ow];
        parallel.forEach(n * m, task -> {
            int b = task / m, oc = task % m, group = oc / mg;
            int inBase = (b * c + group * cg) * h * w;
            int base = (b * m + oc) * oh * ow;
            if (narrow) {
                int[] acc = new int[oh * ow];
                java.util.Arrays.fill(acc, (int) conv.bias()[oc]);
                accumulate(conv, centred, inBase, oc, cg, h, w, oh, ow, acc, null);
                for (int i = 0; i < acc.length; i++) {
                    out[base + i] = conv.out().apply(acc[i], oc);
                }
            } else {
                long[] acc = new long[oh * ow];
                java.util.Arrays.fill(acc, conv.bias()[oc]);
                accumulate(conv, centred, inBase, oc, cg, h, w, oh, ow, null, acc);
                for (int i = 0; i < acc.length; i++) {
                    out[base + i] = conv.out().apply(acc[i], oc);
                }
            }
        });
        return out;
    }

    /** Adds every tap of output channel oc into exactly one of the two accumulator planes. */
    private static void accumulate(QLayer.QConv conv, int[] x, int inBase, int oc, int cg, int h, int w, int oh, int ow,
                                   int[] acc32, long[] acc64) {
        Window win = conv.window();
        int kh = win.kernelH(), kw = win.kernelW(), sw = win.strideW();
        int[] wt = conv.weight();
        for (int ic = 0; ic < cg; ic++) {
            int plane = inBase + ic * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int weight = wt[((oc * cg + ic) * kh + ky) * kw + kx];
                    if (weight == 0) {
                        continue; // exact: an integer product with 0 adds nothing
                    }
                    int colShift = kx * win.dilationW() - win.padding().left();
                    int oxLo = Math.max(0, -Math.floorDiv(colShift, sw)); // ceil(−colShift / sW)
                    int oxHi = Math.min(ow - 1, Math.floorDiv(w - 1 - colShift, sw));
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * win.strideH() - win.padding().top() + ky * win.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int inRow = plane + iy * w + colShift;
                        int outRow = oy * ow;
                        if (acc32 != null) {
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                acc32[outRow + ox] += weight * x[inRow + ox * sw];
                            }
                        } else {
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                acc64[outRow + ox] += (long) weight * x[inRow + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }
}
