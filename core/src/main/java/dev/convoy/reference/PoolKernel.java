package dev.convoy.reference;

import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;

/**
 * Windowed pooling. Max ignores padding; average divides by the in-image taps, or with count_include_pad by
 * the taps inside the padded image (a ceil-mode window hanging past the padding does not count the overhang).
 */
final class PoolKernel {
    private PoolKernel() {
    }

    static float[] run(Pool pool, Operand x, Shape outShape, int n, Parallel parallel) {
        Shape in = x.info().shape();
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int oh = outShape.dim(1), ow = outShape.dim(2);
        Window win = pool.window();
        int top = win.padding().top(), left = win.padding().left();
        boolean max = pool.kind() == PoolKind.MAX;
        float[] src = x.data();
        float[] out = new float[n * outShape.size()];
        parallel.forEach(n * c, plane -> {
            int inBase = plane * h * w;
            int outBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    int inside = 0;
                    int padded = 0;
                    for (int ky = 0; ky < win.kernelH(); ky++) {
                        int iy = oy * win.strideH() - top + ky * win.dilationH();
                        for (int kx = 0; kx < win.kernelW(); kx++) {
                            int ix = ox * win.strideW() - left + kx * win.dilationW();
                            if (iy >= -top && iy < h + win.padding().bottom() && ix >= -left && ix < w + win.padding().right()) {
                                padded++;
                            }
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = src[inBase + iy * w + ix];
                            inside++;
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    out[outBase + oy * ow + ox] = max ? acc : acc / (pool.countIncludePad() ? padded : inside);
                }
            }
        });
        return out;
    }
}
