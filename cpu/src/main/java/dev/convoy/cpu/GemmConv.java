package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Window;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.Arrays;

/**
 * A convolution as implicit GEMM per group: out[Mg × P] = W[Mg × K] · X̂[K × P], K = C/g·kH·kW, P = oH·oW,
 * with the filters packed once into MR-row panels and X̂ (im2col) built one L2-sized block at a time — or read
 * in place for 1×1, stride-1, unpadded layers. Work is split over samples, groups, column blocks and row
 * chunks so both cores are busy at batch 1; each task accumulates into its own C block, then adds the bias and
 * applies the fused activation while copying it out.
 */
final class GemmConv {
    /** Columns of a block (P). */
    static final int NC = 8 * Gemm.NR;
    /** Depth of a block (K). */
    static final int KC = 256;
    /** Most rows of a task (M): a multiple of MR. */
    static final int MC = 16 * Gemm.MR;

    private final Conv conv;
    private final int c, h, w, m, oh, ow, kh, kw, cg, mg, k, p, groups;
    private final boolean direct;
    /** Per group: panels of MR rows, k-major; rows past Mg are zero. */
    private final float[][] packed;
    private final ThreadLocal<float[][]> scratch;

    /**
     * @param conv     the layer
     * @param inShape  per-sample input [C, H, W]
     * @param outShape per-sample output [M, oH, oW]
     */
    GemmConv(Conv conv, Shape inShape, Shape outShape) {
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
        this.groups = conv.groups();
        this.cg = c / groups;
        this.mg = m / groups;
        this.k = cg * kh * kw;
        this.p = oh * ow;
        this.direct = kh == 1 && kw == 1 && win.strideH() == 1 && win.strideW() == 1 && win.padding().top() == 0
                && win.padding().left() == 0 && win.padding().bottom() == 0 && win.padding().right() == 0;
        this.packed = new float[groups][];
        float[] wt = conv.weight().data();
        int panels = (mg + Gemm.MR - 1) / Gemm.MR;
        for (int g = 0; g < groups; g++) {
            float[] a = new float[panels * k * Gemm.MR];
            for (int row = 0; row < mg; row++) {
                int panel = row / Gemm.MR, r = row % Gemm.MR, src = (g * mg + row) * k;
                for (int kk = 0; kk < k; kk++) {
                    a[(panel * k + kk) * Gemm.MR + r] = wt[src + kk];
                }
            }
            packed[g] = a;
        }
        int mcRows = Math.min(MC, panels * Gemm.MR);
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[KC * NC], new float[mcRows * NC]});
    }

    /**
     * @param x        input, n samples [C, H, W] back to back
     * @param n        samples
     * @param parallel the worker pool
     * @return output, n samples [M, oH, oW] back to back
     */
    float[] run(float[] x, int n, Parallel parallel) {
        float[] out = new float[n * m * p];
        int colBlocks = (p + NC - 1) / NC;
        int rowChunks = (mg + MC - 1) / MC;
        parallel.forEach(n * groups * colBlocks * rowChunks, task -> {
            int rc = task % rowChunks, rest = task / rowChunks;
            int cb = rest % colBlocks;
            rest /= colBlocks;
            int g = rest % groups, b = rest / groups;
            block(x, out, b, g, cb * NC, Math.min(NC, p - cb * NC), rc * MC, Math.min(MC, mg - rc * MC));
        });
        return out;
    }

    private void block(float[] x, float[] out, int b, int g, int j0, int nc, int r0, int rows) {
        float[][] s = scratch.get();
        float[] bBuf = s[0], cBuf = s[1];
        int ncPad = (nc + Gemm.NR - 1) / Gemm.NR * Gemm.NR;
        int rowPanels = (rows + Gemm.MR - 1) / Gemm.MR;
        float[] a = packed[g];
        int inBase = (b * c + g * cg) * h * w;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            float[] bSrc;
            int bOff, ldb;
            if (direct && ncPad == nc) {
                bSrc = x;
                bOff = inBase + k0 * p + j0;
                ldb = p;
            } else {
                im2col(x, inBase, k0, kc, j0, nc, ncPad, bBuf);
                bSrc = bBuf;
                bOff = 0;
                ldb = ncPad;
            }
            for (int rp = 0; rp < rowPanels; rp++) {
                int aOff = ((r0 / Gemm.MR + rp) * k + k0) * Gemm.MR;
                for (int j = 0; j < ncPad; j += Gemm.NR) {
                    Gemm.tile(a, aOff, bSrc, bOff + j, ldb, kc, cBuf, rp * Gemm.MR * ncPad + j, ncPad, k0 > 0);
                }
            }
        }
        float[] bias = conv.bias();
        Activation act = conv.activation();
        for (int r = 0; r < rows; r++) {
            int oc = g * mg + r0 + r;
            float bv = bias == null ? 0f : bias[oc];
            int dst = (b * m + oc) * p + j0, src = r * ncPad;
            for (int j = 0; j < nc; j++) {
                out[dst + j] = act.apply(cBuf[src + j] + bv);
            }
        }
    }

    /** X̂ rows k0 … k0+kc−1, columns j0 … j0+nc−1 into buf[kc × ncPad] (padding and the columns past nc zero). */
    private void im2col(float[] x, int inBase, int k0, int kc, int j0, int nc, int ncPad, float[] buf) {
        Window win = conv.window();
        int sh = win.strideH(), sw = win.strideW(), dh = win.dilationH(), dw = win.dilationW();
        int pt = win.padding().top(), pl = win.padding().left();
        for (int kk = 0; kk < kc; kk++) {
            int kIndex = k0 + kk;
            int ic = kIndex / (kh * kw), rem = kIndex % (kh * kw), ky = rem / kw, kx = rem % kw;
            int plane = inBase + ic * h * w;
            int row = kk * ncPad;
            int col = 0;
            while (col < nc) {
                int pIndex = j0 + col, oy = pIndex / ow, ox = pIndex % ow;
                int len = Math.min(ow - ox, nc - col);
                int iy = oy * sh - pt + ky * dh;
                if (iy < 0 || iy >= h) {
                    Arrays.fill(buf, row + col, row + col + len, 0f);
                } else {
                    int src = plane + iy * w;
                    int ix0 = ox * sw - pl + kx * dw;
                    if (sw == 1) {
                        // the run of ix inside [0, w) is one copy; the rest is padding
                        int lo = Math.max(0, -ix0), hi = Math.min(len, w - ix0);
                        if (hi <= lo) {
                            Arrays.fill(buf, row + col, row + col + len, 0f);
                        } else {
                            Arrays.fill(buf, row + col, row + col + lo, 0f);
                            System.arraycopy(x, src + ix0 + lo, buf, row + col + lo, hi - lo);
                            Arrays.fill(buf, row + col + hi, row + col + len, 0f);
                        }
                    } else {
                        for (int t = 0; t < len; t++) {
                            int ix = ix0 + t * sw;
                            buf[row + col + t] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                }
                col += len;
            }
            Arrays.fill(buf, row + nc, row + ncPad, 0f);
        }
    }
}
