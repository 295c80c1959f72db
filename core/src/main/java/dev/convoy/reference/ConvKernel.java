package dev.convoy.reference;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;

/**
 * Direct convolution: for each sample and output channel, accumulate every (input channel, ky, kx) tap
 * over the output plane, then add the bias and apply the activation.
 */
final class ConvKernel {
    private ConvKernel() {
    }

    static float[] run(Conv conv, Operand x, Shape outShape, int n, Parallel parallel) {
        Shape in = x.info().shape();
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int m = outShape.dim(0), oh = outShape.dim(1), ow = outShape.dim(2);
        Window win = conv.window();
        int kh = win.kernelH(), kw = win.kernelW();
        int cg = c / conv.groups(), mg = m / conv.groups();
        float[] wt = conv.weight().data();
        float[] bias = conv.bias();
        Activation act = conv.activation();
        float[] src = x.data();
        float[] out = new float[n * outShape.size()];
        parallel.forEach(n * m, task -> {
            int b = task / m, oc = task % m, group = oc / mg;
            int outBase = (b * m + oc) * oh * ow;
            for (int ic = 0; ic < cg; ic++) {
                int inBase = (b * c + group * cg + ic) * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        float weight = wt[((oc * cg + ic) * kh + ky) * kw + kx];
                        int colShift = kx * win.dilationW() - win.padding().left();
                        // output columns whose input column ox·sW + colShift lies inside the image
                        int oxLo = Math.max(0, ceilDiv(-colShift, win.strideW()));
                        int oxHi = Math.min(ow - 1, Math.floorDiv(w - 1 - colShift, win.strideW()));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * win.strideH() - win.padding().top() + ky * win.dilationH();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int inRow = inBase + iy * w + colShift;
                            int outRow = outBase + oy * ow;
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                out[outRow + ox] += weight * src[inRow + ox * win.strideW()];
                            }
                        }
                    }
                }
            }
            float bv = bias == null ? 0f : bias[oc];
            for (int i = outBase; i < outBase + oh * ow; i++) {
                out[i] = act.apply(out[i] + bv);
            }
        });
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
