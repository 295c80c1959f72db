package dev.convoy.cpu;

import dev.convoy.graph.Window;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.Arrays;

/**
 * A convolution as implicit GEMM per group: out[Mg × P] = W[Mg × K] · X̂[K × P], K = C/g·kH·kW, P = oH·oW,
 * with the filters packed once into MR-row panels and X̂ (im2col) built one L2-sized block at a time — or read
 * in place for 1×1, stride-1, unpadded layers. Work is split over samples, groups, column blocks and row
 * chunks so both cores are busy at batch 1; each task accumulates into its own C block and hands it to an
 * {@link ConvOutput}: fp32 adds the bias and applies the fused activation while copying it out; the integer
 * path sums exact depth chunks into 32-bit accumulators and requantizes them.
 */
final class GemmConv {
    /** Columns of a block (P). */
    static final int NC = 8 * Gemm.NR;
    /** Depth of a block (K). */
    static final int KC = 256;
    /** Most rows of a task (M): a multiple of MR. */
    static final int MC = 16 * Gemm.MR;

    private final Window win;
    private final int c, h, w, m, oh, ow, kh, kw, cg, mg, k, p, groups, kcMax, kcLimit;
    private final boolean direct;
    /**
     * Whether B is read in place from a zero-bordered copy of the input ({@link Gemm#tileIndexed}) rather than
     * packed: stride-1 rows long enough that runs of VL positions waste little (see {@link #MIN_ROW}).
     */
    private final boolean indexed;
    /** Zero-bordered plane: rows, row length, size. */
    private final int padRows, padCols, padPlane;
    /** Per depth index k = (c, ky, kx): its offset in the zero-bordered planes of one group. */
    private final int[] taps;
    /** Runs of at most VL output positions within one output row: offset in a plane, first position, length. */
    private final int[] runOffset, runPosition, runLength;
    /** Shortest output row read in place: a run of VL lanes then carries at most a quarter of padding. */
    static final int MIN_ROW = 3 * Gemm.VL / 4;
    /** Per group: panels of MR rows, k-major; rows past Mg are zero. */
    private final float[][] packed;
    /**
     * A worker's B block, C block, im2col row and integer accumulators: the same sizes for every layer, so one
     * set per thread serves them all (per layer they would hold some 360 KiB per thread each).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final float[] panels = new float[KC * NC];
        final float[] c = new float[MC * NC];
        final float[] row = new float[NC];
        final int[] acc = new int[MC * NC];
        private float[] padded = new float[0];

        /** @return this thread's bordered-input buffer, at least {@code size} long */
        float[] padded(int size) {
            if (padded.length < size) {
                padded = new float[size];
            }
            return padded;
        }
    }

    /**
     * @param win      kernel geometry
     * @param groups   groups
     * @param weights  filters [M, C/groups, kH, kW]
     * @param m        output channels
     * @param inShape  per-sample input [C, H, W]
     * @param outShape per-sample output [M, oH, oW]
     * @param kcMax    most depth summed in one chunk ({@link #KC} for fp32; less where integer sums must stay exact)
     */
    GemmConv(Window win, int groups, float[] weights, int m, Shape inShape, Shape outShape, int kcMax) {
        this(win, groups, pack(weights, m, groups, weights.length / m), inShape, outShape, kcMax);
    }

    private GemmConv(Window win, int groups, float[][] packed, Shape inShape, Shape outShape, int kcMax) {
        this.win = win;
        this.groups = groups;
        this.packed = packed;
        this.kcLimit = kcMax;
        // depth chunks of equal size: a short last chunk would spend its tiles loading and storing C
        int most = Math.min(KC, kcMax), chunks = (cgOf(inShape, groups) * win.kernelH() * win.kernelW() + most - 1) / most;
        this.kcMax = (cgOf(inShape, groups) * win.kernelH() * win.kernelW() + chunks - 1) / chunks;
        this.c = inShape.dim(0);
        this.h = inShape.dim(1);
        this.w = inShape.dim(2);
        this.m = outShape.dim(0);
        this.oh = outShape.dim(1);
        this.ow = outShape.dim(2);
        this.kh = win.kernelH();
        this.kw = win.kernelW();
        this.cg = c / groups;
        this.mg = m / groups;
        this.k = cg * kh * kw;
        this.p = oh * ow;
        this.direct = kh == 1 && kw == 1 && win.strideH() == 1 && win.strideW() == 1 && win.padding().top() == 0
                && win.padding().left() == 0 && win.padding().bottom() == 0 && win.padding().right() == 0;
        // a 1×1 stride-1 unpadded layer reads its input as one row of P positions
        int outRows = direct ? 1 : oh, outCols = direct ? p : ow;
        this.indexed = win.strideW() == 1 && outCols >= MIN_ROW;
        int runsPerRow = (outCols + Gemm.VL - 1) / Gemm.VL;
        int sh = win.strideH(), dh = win.dilationH(), dw = win.dilationW();
        this.padCols = direct ? runsPerRow * Gemm.VL : Math.max(w + win.padding().left(), runsPerRow * Gemm.VL + (kw - 1) * dw);
        this.padRows = direct ? 1 : Math.max(h + win.padding().top(), (oh - 1) * sh + (kh - 1) * dh + 1);
        this.padPlane = padRows * padCols;
        if (!indexed) {
            this.taps = this.runOffset = this.runPosition = this.runLength = null;
            return;
        }
        this.taps = new int[k];
        for (int kk = 0; kk < k; kk++) {
            int ic = kk / (kh * kw), ky = kk / kw % kh, kx = kk % kw;
            taps[kk] = ic * padPlane + ky * dh * padCols + kx * dw;
        }
        int runs = outRows * runsPerRow;
        this.runOffset = new int[runs];
        this.runPosition = new int[runs];
        this.runLength = new int[runs];
        for (int oy = 0, r = 0; oy < outRows; oy++) {
            for (int ox = 0; ox < outCols; ox += Gemm.VL, r++) {
                runOffset[r] = oy * sh * padCols + ox;
                runPosition[r] = oy * outCols + ox;
                runLength[r] = Math.min(Gemm.VL, outCols - ox);
            }
        }
    }

    /**
     * @param inShape  another per-sample input [C, H', W']
     * @param outShape its output [M, oH', oW']
     * @return the same filters (shared, not repacked) on images of another size
     */
    GemmConv on(Shape inShape, Shape outShape) {
        return new GemmConv(win, groups, packed, inShape, outShape, kcLimit);
    }

    private static int cgOf(Shape inShape, int groups) {
        return inShape.dim(0) / groups;
    }

    private static float[][] pack(float[] wt, int m, int groups, int k) {
        int mg = m / groups;
        float[][] packed = new float[groups][];
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
        return packed;
    }

    /** @return output channels */
    int outChannels() {
        return m;
    }

    /** @return output positions per sample, oH · oW */
    int positions() {
        return p;
    }

    /**
     * @param x        input, n samples [C, H, W] back to back
     * @param n        samples
     * @param parallel the worker pool
     * @param threads  its threads
     * @param output   takes every finished C block
     */
    void run(float[] x, int n, Parallel parallel, int threads, ConvOutput output) {
        if (indexed) {
            runIndexed(x, n, parallel, threads, output);
            return;
        }
        int colBlocks = (p + NC - 1) / NC;
        int blocks = n * groups * colBlocks;
        if (blocks >= 2 * threads || mg <= Gemm.MR) {
            // enough blocks for every thread: each packs its own B block, kc rows at a time, into its scratch
            parallel.forEach(blocks, task -> {
                int cb = task % colBlocks, rest = task / colBlocks;
                int g = rest % groups, b = rest / groups;
                int j0 = cb * NC, nc = Math.min(NC, p - j0);
                Scratch s = SCRATCH.get();
                for (int r0 = 0; r0 < mg; r0 += MC) {
                    block(x, output, b, g, j0, nc, r0, Math.min(MC, mg - r0), s.panels, 0, true, s);
                }
            });
            return;
        }
        // few blocks (late layers at batch 1): each B block is packed once, whole, and its rows shared out
        int chunks = (2 * threads + blocks - 1) / blocks;
        int mc = Math.min(MC, ((mg + chunks - 1) / chunks + Gemm.MR - 1) / Gemm.MR * Gemm.MR);
        int rowChunks = (mg + mc - 1) / mc;
        for (int blk = 0; blk < blocks; blk++) {
            int cb = blk % colBlocks, rest = blk / colBlocks;
            int g = rest % groups, b = rest / groups;
            int j0 = cb * NC, nc = Math.min(NC, p - j0), ncPad = padded(nc);
            float[] whole = new float[k * ncPad];
            float[] row = new float[ncPad];
            int inBase = (b * c + g * cg) * h * w;
            for (int k0 = 0; k0 < k; k0 += kcMax) {
                pack(x, inBase, k0, Math.min(kcMax, k - k0), j0, nc, ncPad, whole, k0 * ncPad, row);
            }
            parallel.forEach(rowChunks, rc -> {
                block(x, output, b, g, j0, nc, rc * mc, Math.min(mc, mg - rc * mc), whole, 0, false, SCRATCH.get());
            });
        }
    }

    /** Input elements below which the zero-bordered copy is made on the calling thread. */
    private static final long SERIAL_COPY = 1L << 16;
    private static final Parallel SERIAL = new Parallel(1);

    /** Runs of VL positions per block: the C buffer's NC columns. */
    private static final int RUNS_PER_BLOCK = NC / Gemm.VL;

    private void runIndexed(float[] x, int n, Parallel parallel, int threads, ConvOutput output) {
        int runs = runOffset.length;
        int colBlocks = (runs + RUNS_PER_BLOCK - 1) / RUNS_PER_BLOCK;
        if (n >= 2 * threads) {
            // a sample per task, bordered into the thread's own buffer: no batch-sized copy to allocate and stream
            parallel.forEach(n, b -> {
                Scratch s = SCRATCH.get();
                float[] padded = s.padded(c * padPlane);
                border(x, b, padded);
                for (int g = 0; g < groups; g++) {
                    for (int cb = 0; cb < colBlocks; cb++) {
                        int s0 = cb * RUNS_PER_BLOCK;
                        for (int r0 = 0; r0 < mg; r0 += MC) {
                            indexedBlock(padded, 0, output, b, g, s0, Math.min(RUNS_PER_BLOCK, runs - s0), r0, Math.min(MC, mg - r0), s);
                        }
                    }
                }
            });
            return;
        }
        float[] padded = new float[n * c * padPlane];
        int pt = direct ? 0 : win.padding().top(), pl = direct ? 0 : win.padding().left();
        // a small input is copied on the calling thread: waking the workers would cost more
        Parallel copiers = (long) n * c * h * w < SERIAL_COPY ? SERIAL : parallel;
        copiers.forEach(n * c, plane -> {
            int src = plane * h * w, dst = plane * padPlane;
            if (direct) {
                System.arraycopy(x, src, padded, dst, h * w);
            } else {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(x, src + y * w, padded, dst + (y + pt) * padCols + pl, w);
                }
            }
        });
        int blocks = n * groups * colBlocks;
        // rows split too when there are too few blocks to keep every thread busy (late layers at batch 1)
        int chunks = Math.max(1, Math.min((mg + Gemm.MR - 1) / Gemm.MR, (2 * threads + blocks - 1) / blocks));
        int mc = Math.min(MC, ((mg + chunks - 1) / chunks + Gemm.MR - 1) / Gemm.MR * Gemm.MR);
        int rowChunks = (mg + mc - 1) / mc;
        parallel.forEach(blocks * rowChunks, task -> {
            int rc = task % rowChunks, blk = task / rowChunks;
            int cb = blk % colBlocks, rest = blk / colBlocks;
            int g = rest % groups, b = rest / groups;
            int r0 = rc * mc;
            int s0 = cb * RUNS_PER_BLOCK;
            indexedBlock(padded, b * c * padPlane, output, b, g, s0, Math.min(RUNS_PER_BLOCK, runs - s0), r0, Math.min(mc, mg - r0),
                    SCRATCH.get());
        });
    }

    /** C rows r0 … r0+rows−1 (of group g) × runs s0 … s0+count−1 of sample b, B read in place, handed to the output. */
    private void indexedBlock(float[] padded, int sampleBase, ConvOutput output, int b, int g, int s0, int count, int r0, int rows, Scratch s) {
        int ldc = (count + 1) / 2 * Gemm.NR;
        int rowPanels = (rows + Gemm.MR - 1) / Gemm.MR;
        float[] a = packed[g];
        float[] cBuf = s.c;
        boolean chunked = output.chunked();
        int base = sampleBase + g * cg * padPlane;
        for (int k0 = 0; k0 < k; k0 += kcMax) {
            int kc = Math.min(kcMax, k - k0);
            boolean add = !chunked && k0 > 0;
            for (int t = 0; t < count; t += 2) {
                int b0 = base + runOffset[s0 + t];
                int b1 = t + 1 < count ? base + runOffset[s0 + t + 1] : b0;
                for (int rp = 0; rp < rowPanels; rp++) {
                    int aOff = ((r0 / Gemm.MR + rp) * k + k0) * Gemm.MR;
                    Gemm.tileIndexed(a, aOff, padded, b0, b1, taps, k0, kc, cBuf, rp * Gemm.MR * ldc + t * Gemm.VL, ldc, add);
                }
            }
            if (chunked) {
                output.chunk(cBuf, s.acc, rows, ldc, k0 == 0);
            }
        }
        output.finish(cBuf, s.acc, 0, ldc, b, g * mg + r0, rows, runPosition, runLength, s0, count, Gemm.VL);
    }

    /** Sample b's planes into a buffer laid out as the zero-bordered planes, the border zeroed (the buffer is reused). */
    private void border(float[] x, int b, float[] padded) {
        int pt = direct ? 0 : win.padding().top(), pl = direct ? 0 : win.padding().left();
        for (int ch = 0; ch < c; ch++) {
            int src = (b * c + ch) * h * w, dst = ch * padPlane;
            if (direct) {
                System.arraycopy(x, src, padded, dst, h * w);
                Arrays.fill(padded, dst + h * w, dst + padPlane, 0f);
                continue;
            }
            Arrays.fill(padded, dst, dst + pt * padCols, 0f);
            for (int y = 0; y < h; y++) {
                int row = dst + (y + pt) * padCols;
                Arrays.fill(padded, row, row + pl, 0f);
                System.arraycopy(x, src + y * w, padded, row + pl, w);
                Arrays.fill(padded, row + pl + w, row + padCols, 0f);
            }
            Arrays.fill(padded, dst + (pt + h) * padCols, dst + padPlane, 0f);
        }
    }

    /** What becomes of a finished C block. */
    interface ConvOutput {
        /**
         * @return whether each depth chunk (at most {@code kcMax} deep) is summed alone and handed to
         *         {@link #chunk}, rather than accumulated in C across the whole depth
         */
        boolean chunked();

        /**
         * One depth chunk's sums (chunked outputs only).
         *
         * @param cBuf  the chunk's sums, rows × ncPad
         * @param acc   the block's accumulators, rows × ncPad
         * @param rows  rows
         * @param ncPad columns (a multiple of NR)
         * @param first whether this is the first chunk (acc holds nothing yet)
         */
        void chunk(float[] cBuf, int[] acc, int rows, int ncPad, boolean first);

        /**
         * Results of a block: rows oc0 … oc0+rows−1 (output channels) of sample b, in runs of consecutive positions:
         * run i (i &lt; count) of row r lies in the buffers from {@code from + r·ldc + i·step} and goes to positions
         * {@code position[first + i]} … {@code + length[first + i] − 1}.
         *
         * @param cBuf     fp32 sums (unchunked outputs)
         * @param acc      chunk accumulators (chunked outputs)
         * @param from     row 0's first column in cBuf / acc
         * @param ldc      leading dimension of cBuf and acc
         * @param b        sample
         * @param oc0      first output channel
         * @param rows     rows
         * @param position first position of each run
         * @param length   length of each run
         * @param first    the block's first run in position / length
         * @param count    runs
         * @param step     columns from one run to the next in the buffers
         */
        void finish(float[] cBuf, int[] acc, int from, int ldc, int b, int oc0, int rows, int[] position, int[] length, int first, int count,
                    int step);
    }

    private static int padded(int nc) {
        return (nc + Gemm.NR - 1) / Gemm.NR * Gemm.NR;
    }

    /**
     * C rows r0 … r0+rows−1 (of group g) × columns j0 … j0+nc−1 of sample b, handed to the output.
     *
     * @param panels packed B: the chunk starting at k0 lies at {@code panelsOff + k0·ncPad}, or (when
     *               {@code packHere}) is packed into {@code panels} at {@code panelsOff} as it is needed
     */
    private void block(float[] x, ConvOutput output, int b, int g, int j0, int nc, int r0, int rows, float[] panels, int panelsOff,
                       boolean packHere, Scratch s) {
        int ncPad = padded(nc);
        int rowPanels = (rows + Gemm.MR - 1) / Gemm.MR;
        float[] a = packed[g];
        float[] cBuf = s.c;
        boolean chunked = output.chunked();
        int inBase = (b * c + g * cg) * h * w;
        for (int k0 = 0; k0 < k; k0 += kcMax) {
            int kc = Math.min(kcMax, k - k0);
            int base = panelsOff;
            if (packHere) {
                // B packed into NR-column panels, k-major: one panel (kc·NR floats) stays in L1 while every row
                // panel of A streams past it; rows of B read in place would alias to a few L1 sets
                pack(x, inBase, k0, kc, j0, nc, ncPad, panels, panelsOff, s.row);
            } else {
                base += k0 * ncPad;
            }
            boolean add = !chunked && k0 > 0;
            for (int j = 0; j < ncPad; j += Gemm.NR) {
                int bOff = base + j * kc;
                for (int rp = 0; rp < rowPanels; rp++) {
                    int aOff = ((r0 / Gemm.MR + rp) * k + k0) * Gemm.MR;
                    Gemm.tile(a, aOff, panels, bOff, Gemm.NR, kc, cBuf, rp * Gemm.MR * ncPad + j, ncPad, add);
                }
            }
            if (chunked) {
                output.chunk(cBuf, s.acc, rows, ncPad, k0 == 0);
            }
        }
        output.finish(cBuf, s.acc, 0, ncPad, b, g * mg + r0, rows, new int[] {j0}, new int[] {nc}, 0, 1, nc);
    }

    /** X̂ rows k0 … k0+kc−1, columns j0 … j0+nc−1, as panels: panel q holds row kk's columns q·NR… at (q·kc + kk)·NR. */
    private void pack(float[] x, int inBase, int k0, int kc, int j0, int nc, int ncPad, float[] panels, int off, float[] row) {
        for (int kk = 0; kk < kc; kk++) {
            if (direct) {
                int src = inBase + (k0 + kk) * p + j0;
                System.arraycopy(x, src, row, 0, nc);
                Arrays.fill(row, nc, ncPad, 0f);
            } else {
                im2colRow(x, inBase, k0 + kk, j0, nc, ncPad, row);
            }
            for (int q = 0, j = 0; j < ncPad; q++, j += Gemm.NR) {
                System.arraycopy(row, j, panels, off + (q * kc + kk) * Gemm.NR, Gemm.NR);
            }
        }
    }

    /** Row kIndex of X̂, columns j0 … j0+nc−1, into buf[0 … ncPad) (padding and the columns past nc zero). */
    private void im2colRow(float[] x, int inBase, int kIndex, int j0, int nc, int ncPad, float[] buf) {
        int sh = win.strideH(), sw = win.strideW(), dh = win.dilationH(), dw = win.dilationW();
        int pt = win.padding().top(), pl = win.padding().left();
        int ic = kIndex / (kh * kw), rem = kIndex % (kh * kw), ky = rem / kw, kx = rem % kw;
        int plane = inBase + ic * h * w;
        int row = 0, col = 0;
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
        Arrays.fill(buf, nc, ncPad, 0f);
    }
}
