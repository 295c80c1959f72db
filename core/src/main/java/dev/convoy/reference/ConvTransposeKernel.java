package dev.convoy.reference;

import dev.convoy.graph.Activation;
import dev.convoy.graph.ConvTranspose;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;

/**
 * Transposed convolution in gather form (race-free across threads): output pixel (oy, ox) of channel m sums
 * x[c, iy, ix]·w[c, m, ky, kx] over the taps with iy·sH + ky·dH − padTop = oy (and likewise for columns).
 */
final class ConvTransposeKernel {
    private ConvTransposeKernel() {
    }

    static float[] run(ConvTranspose op, Operand x, Shape outShape, int n, Parallel parallel) {
        Shape in = x.info().shape();
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int m = outShape.dim(0), oh = outShape.dim(1), ow = outShape.dim(2);
        Window win = op.window();
        int kh = win.kernelH(), kw = win.kernelW(), sh = win.strideH(), sw = win.strideW();
        int dh = win.dilationH(), dw = win.dilationW(), pt = win.padding().top(), pl = win.padding().left();
        int cg = c / op.groups(), mg = m / op.groups();
        float[] wt = op.weight().data();
        float[] bias = op.bias();
        Activation act = op.activation();
        float[] src = x.data();
        float[] out = new float[n * outShape.size()];
        parallel.forEach(n * m, task -> {
            int b = task / m, oc = task % m, group = oc / mg, ocg = oc % mg;
            int outBase = (b * m + oc) * oh * ow;
            float bv = bias == null ? 0f : bias[oc];
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float acc = 0f;
                    for (int ky = 0; ky < kh; ky++) {
                        int ty = oy + pt - ky * dh;
                        if (ty < 0 || ty % sh != 0 || ty / sh >= h) {
                            continue;
                        }
                        int iy = ty / sh;
                        for (int kx = 0; kx < kw; kx++) {
                            int tx = ox + pl - kx * dw;
                            if (tx < 0 || tx % sw != 0 || tx / sw >= w) {
                                continue;
                            }
                            int ix = tx / sw;
                            for (int ic = 0; ic < cg; ic++) {
                                int ci = group * cg + ic;
                                acc += src[x.offset(b) + (ci * h + iy) * w + ix] * wt[((ci * mg + ocg) * kh + ky) * kw + kx];
                            }
                        }
                    }
                    out[outBase + oy * ow + ox] = act.apply(acc + bv);
                }
            }
        });
        return out;
    }
}
