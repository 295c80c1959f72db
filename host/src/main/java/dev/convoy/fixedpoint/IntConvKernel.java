package dev.convoy.fixedpoint;

import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;

/**
 * Integer convolution: inputs centred on their zero point (so padding contributes exactly 0), products
 * summed in 64 bits with the bias, then the output stage per channel.
 */
final class IntConvKernel {
    private IntConvKernel() {
    }

    /** @return the per-sample shape as [C,H,W] (a vector [K] is a K-channel 1×1 image) */
    static Shape asImage(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    static int[] run(QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n, Parallel parallel) {
        Shape in = asImage(inShape);
        Shape outImg = asImage(outShape);
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int m = conv.outChannels(), oh = outImg.dim(1), ow = outImg.dim(2);
        Window win = conv.window();
        int kh = win.kernelH(), kw = win.kernelW();
        int cg = c / conv.groups(), mg = m / conv.groups();
        int zp = conv.inputZeroPoint();
        int[] wt = conv.weight();
        int[] out = new int[n * m * oh * ow];
        parallel.forEach(n * m, task -> {
            int b = task / m, oc = task % m, group = oc / mg;
            long[] acc = new long[oh * ow];
            java.util.Arrays.fill(acc, conv.bias()[oc]);
            for (int ic = 0; ic < cg; ic++) {
                int inBase = (b * c + group * cg + ic) * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        long weight = wt[((oc * cg + ic) * kh + ky) * kw + kx];
                        if (weight == 0) {
                            continue; // exact: an integer product with 0 adds nothing
                        }
                        int colShift = kx * win.dilationW() - win.padding().left();
                        int oxLo = Math.max(0, -Math.floorDiv(colShift, win.strideW())); // ceil(−colShift / sW)
                        int oxHi = Math.min(ow - 1, Math.floorDiv(w - 1 - colShift, win.strideW()));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * win.strideH() - win.padding().top() + ky * win.dilationH();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int inRow = inBase + iy * w + colShift;
                            int outRow = oy * ow;
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                acc[outRow + ox] += weight * (x[inRow + ox * win.strideW()] - zp);
                            }
                        }
                    }
                }
            }
            int base = (b * m + oc) * oh * ow;
            for (int i = 0; i < acc.length; i++) {
                out[base + i] = conv.out().apply(acc[i], oc);
            }
        });
        return out;
    }
}
