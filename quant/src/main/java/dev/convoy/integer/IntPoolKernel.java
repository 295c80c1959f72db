package dev.convoy.integer;

import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;

/** Max pooling on raw integers; padding never wins. */
final class IntPoolKernel {
    private IntPoolKernel() {
    }

    static int[] run(QLayer.QMaxPool pool, int[] x, Shape in, Shape outShape, int n, Parallel parallel) {
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int oh = outShape.dim(1), ow = outShape.dim(2);
        Window win = pool.window();
        int[] out = new int[n * c * oh * ow];
        parallel.forEach(n * c, plane -> {
            int inBase = plane * h * w, outBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = Integer.MIN_VALUE;
                    for (int ky = 0; ky < win.kernelH(); ky++) {
                        int iy = oy * win.strideH() - win.padding().top() + ky * win.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < win.kernelW(); kx++) {
                            int ix = ox * win.strideW() - win.padding().left() + kx * win.dilationW();
                            if (ix >= 0 && ix < w) {
                                best = Math.max(best, x[inBase + iy * w + ix]);
                            }
                        }
                    }
                    out[outBase + oy * ow + ox] = best;
                }
            }
        });
        return out;
    }
}
