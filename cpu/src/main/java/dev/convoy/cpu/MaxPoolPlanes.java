package dev.convoy.cpu;

import dev.convoy.graph.Window;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Max pooling plane by plane, as {@link DepthwiseConv} convolves: the plane is copied into a −∞-bordered scratch
 * plane, each output row is the vector maximum of kH·kW shifted rows at stride 1, and a strided layer keeps every
 * sW-th column. NaN propagates as in the reference ({@code Math.max}).
 */
final class MaxPoolPlanes {
    private final Window win;
    private final int c, h, w, oh, ow, ph, pw, pt, pl, full;
    private final ThreadLocal<float[][]> scratch;

    /**
     * @param win      the pooling window (padding smaller than the kernel)
     * @param inShape  per-sample input [C, H, W]
     * @param outShape per-sample output [C, oH, oW]
     */
    MaxPoolPlanes(Window win, Shape inShape, Shape outShape) {
        this.win = win;
        this.c = inShape.dim(0);
        this.h = inShape.dim(1);
        this.w = inShape.dim(2);
        this.oh = outShape.dim(1);
        this.ow = outShape.dim(2);
        this.pt = win.padding().top();
        this.pl = win.padding().left();
        this.full = (ow - 1) * win.strideW() + 1;
        // ceil_mode windows can reach past the declared padding: the scratch plane covers every tap read
        this.pw = Math.max(w + pl, full + (win.kernelW() - 1) * win.dilationW());
        this.ph = Math.max(h + pt, (oh - 1) * win.strideH() + (win.kernelH() - 1) * win.dilationH() + 1);
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[ph * pw], new float[full]});
    }

    /**
     * @param x        input, n samples [C, H, W]
     * @param n        samples
     * @param parallel the worker pool
     * @return output, n samples [C, oH, oW]
     */
    float[] run(float[] x, int n, Parallel parallel) {
        return run(x, new float[n * c * oh * ow], n, parallel);
    }

    /**
     * @param x        input, n samples [C, H, W]
     * @param out      output, n samples [C, oH, oW]: every element is written
     * @param n        samples
     * @param parallel the worker pool
     * @return out
     */
    float[] run(float[] x, float[] out, int n, Parallel parallel) {
        parallel.forEach(n * c, plane -> plane(x, out, plane));
        return out;
    }

    private void plane(float[] x, float[] out, int index) {
        float[][] s = scratch.get();
        float[] plane = s[0], row = s[1];
        Arrays.fill(plane, Float.NEGATIVE_INFINITY);
        int src = index * h * w;
        for (int y = 0; y < h; y++) {
            System.arraycopy(x, src + y * w, plane, (y + pt) * pw + pl, w);
        }
        int sh = win.strideH(), sw = win.strideW(), dh = win.dilationH(), dw = win.dilationW();
        int bound = Gemm.SPECIES.loopBound(full);
        for (int oy = 0; oy < oh; oy++) {
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
            for (int ky = 0; ky < win.kernelH(); ky++) {
                int rowBase = (oy * sh + ky * dh) * pw;
                for (int kx = 0; kx < win.kernelW(); kx++) {
                    int in = rowBase + kx * dw, t = 0;
                    for (; t < bound; t += Gemm.VL) {
                        FloatVector.fromArray(Gemm.SPECIES, plane, in + t).lanewise(VectorOperators.MAX, FloatVector.fromArray(Gemm.SPECIES, row, t))
                                .intoArray(row, t);
                    }
                    for (; t < full; t++) {
                        row[t] = Math.max(row[t], plane[in + t]);
                    }
                }
            }
            int dst = (index * oh + oy) * ow;
            for (int ox = 0; ox < ow; ox++) {
                out[dst + ox] = row[ox * sw];
            }
        }
    }
}
