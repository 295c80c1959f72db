package dev.convoy.aparapi;

import com.aparapi.Kernel;

/**
 * fp32 convolution (grouped, strided, dilated, padded) with bias and fused activation, one work-item per
 * output element, accumulating taps in the reference's order. Also runs fully-connected layers as a 1×1
 * convolution on a 1×1 image.
 */
final class ConvKernel extends Kernel {
    float[] x;
    float[] y;
    /** outputs; the range is rounded up to whole work-groups */
    int total;
    final float[] w;
    final float[] bias;
    final int c;
    final int h;
    final int wd;
    final int m;
    final int oh;
    final int ow;
    final int groups;
    final int kh;
    final int kw;
    final int sh;
    final int sw;
    final int dh;
    final int dw;
    final int pt;
    final int pl;
    final int act;
    final float actA;
    final float actB;

    ConvKernel(float[] w, float[] bias, int[] dims, ActivationCode a) {
        this.w = w;
        this.bias = bias;
        this.c = dims[0];
        this.h = dims[1];
        this.wd = dims[2];
        this.m = dims[3];
        this.oh = dims[4];
        this.ow = dims[5];
        this.groups = dims[6];
        this.kh = dims[7];
        this.kw = dims[8];
        this.sh = dims[9];
        this.sw = dims[10];
        this.dh = dims[11];
        this.dw = dims[12];
        this.pt = dims[13];
        this.pl = dims[14];
        this.act = a.code();
        this.actA = a.a();
        this.actB = a.b();
    }

    @Override
    public void run() {
        int i = getGlobalId();
        if (i >= total) {
            return;
        }
        int ox = i % ow;
        int oy = (i / ow) % oh;
        int oc = (i / (ow * oh)) % m;
        int b = i / (ow * oh * m);
        int cg = c / groups;
        int g = oc / (m / groups);
        float acc = bias[oc];
        for (int ic = 0; ic < cg; ic++) {
            int plane = (b * c + g * cg + ic) * h * wd;
            int wbase = (oc * cg + ic) * kh * kw;
            for (int ky = 0; ky < kh; ky++) {
                int iy = oy * sh - pt + ky * dh;
                if (iy >= 0 && iy < h) {
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * sw - pl + kx * dw;
                        if (ix >= 0 && ix < wd) {
                            acc += w[wbase + ky * kw + kx] * x[plane + iy * wd + ix];
                        }
                    }
                }
            }
        }
        y[i] = activate(acc);
    }

    private float activate(float v) {
        float r = v;
        if (act == 1) {
            r = v > 0f ? v : 0f;
        } else if (act == 2) {
            r = min(max(v, actA), actB);
        } else if (act == 3) {
            r = v >= 0f ? v : v * actA;
        } else if (act == 4) {
            r = 1f / (1f + exp(-v));
        }
        return r;
    }
}
