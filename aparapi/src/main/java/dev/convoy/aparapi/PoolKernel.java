package dev.convoy.aparapi;

import com.aparapi.Kernel;

/**
 * fp32 max or average pooling, one work-item per output element, with the reference's rules: max ignores
 * padding; average divides by the in-image taps, or with countIncludePad by the taps inside the padded
 * image. Global pooling is the window covering the whole plane.
 */
final class PoolKernel extends Kernel {
    float[] x;
    float[] y;
    /** outputs; the range is rounded up to whole work-groups */
    int total;
    final int h;
    final int w;
    final int oh;
    final int ow;
    final int kh;
    final int kw;
    final int sh;
    final int sw;
    final int dh;
    final int dw;
    final int pt;
    final int pl;
    final int pb;
    final int pr;
    final int isMax;
    final int countPad;

    PoolKernel(int[] dims, boolean max, boolean countPad) {
        this.h = dims[0];
        this.w = dims[1];
        this.oh = dims[2];
        this.ow = dims[3];
        this.kh = dims[4];
        this.kw = dims[5];
        this.sh = dims[6];
        this.sw = dims[7];
        this.dh = dims[8];
        this.dw = dims[9];
        this.pt = dims[10];
        this.pl = dims[11];
        this.pb = dims[12];
        this.pr = dims[13];
        this.isMax = max ? 1 : 0;
        this.countPad = countPad ? 1 : 0;
    }

    @Override
    public void run() {
        int i = getGlobalId();
        if (i >= total) {
            return;
        }
        int ox = i % ow;
        int oy = (i / ow) % oh;
        int plane = i / (ow * oh);
        float acc = 0f;   // max starts from the first in-image tap: padding never wins
        int inside = 0;
        int padded = 0;
        for (int ky = 0; ky < kh; ky++) {
            int iy = oy * sh - pt + ky * dh;
            for (int kx = 0; kx < kw; kx++) {
                int ix = ox * sw - pl + kx * dw;
                if (iy >= -pt && iy < h + pb && ix >= -pl && ix < w + pr) {
                    padded++;
                }
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    float v = x[(plane * h + iy) * w + ix];
                    if (isMax == 1) {
                        acc = inside == 0 ? v : max(acc, v);
                    } else {
                        acc = acc + v;
                    }
                    inside++;
                }
            }
        }
        y[i] = isMax == 1 ? acc : acc / (countPad == 1 ? padded : inside);
    }
}
