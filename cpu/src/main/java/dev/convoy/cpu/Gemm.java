package dev.convoy.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fp32 GEMM core: C[MR × NR] tiles accumulated from a packed A panel (MR rows, k-major) and NR columns of
 * B rows with fused multiply-adds on the preferred vector species. MR = 6 rows × NR = 2 vectors
 * keeps 12 accumulators, two B vectors and one broadcast in registers on AVX2 (16 registers) as on AVX-512
 * (32). A is packed once per model into BLIS's k-major MR-row panels; B is read in place, rows of an
 * L2-sized block (the input itself for 1×1 convolutions, else the block's im2col rows).
 */
final class Gemm {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Vector lanes. */
    static final int VL = SPECIES.length();
    /** Rows of a micro-tile. */
    static final int MR = 6;
    /** Columns of a micro-tile. */
    static final int NR = 2 * VL;

    private Gemm() {
    }

    /**
     * C[MR × NR] (+)= A panel · B panel over {@code kc} steps.
     *
     * @param a     packed A: {@code a[aOff + k·MR + r]}
     * @param aOff  panel start
     * @param b     B rows: {@code b[bOff + k·ldb + j]}, j &lt; NR
     * @param bOff  the tile's first element
     * @param ldb   leading dimension of B
     * @param kc    depth
     * @param c     the output tile, row-major with leading dimension {@code ldc}
     * @param cOff  tile start
     * @param ldc   leading dimension of C
     * @param add   whether to add to C (a later k block) rather than overwrite it
     */
    static void tile(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int ai = aOff, bi = bOff;
        for (int k = 0; k < kc; k++, ai += MR, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + VL);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // written out, not through a helper: vectors passed to a method C2 does not inline are boxed
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, cOff));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, cOff + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, r1));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, r1 + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, r2));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, r2 + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, r3));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, r3 + VL));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, r4));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, r4 + VL));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, r5));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, r5 + VL));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + VL);
    }

    /**
     * As {@link #tile}, with B read in place from a zero-bordered input instead of packed panels (implicit GEMM
     * without im2col): row k of the tile's first vector is {@code in[base0 + taps[k]]}, of its second
     * {@code in[base1 + taps[k]]} — two runs of VL output positions, each in one output row.
     *
     * @param a     packed A: {@code a[aOff + (k − k0)·MR + r]}
     * @param aOff  the panel's element for depth k0
     * @param in    the zero-bordered input planes
     * @param base0 the first run's offset in {@code in}
     * @param base1 the second run's offset in {@code in}
     * @param taps  per depth index, the tap's offset in {@code in} (channel plane, kernel row and column)
     * @param k0    first depth index
     * @param kc    depth
     * @param c     the output tile, row-major with leading dimension {@code ldc}
     * @param cOff  tile start
     * @param ldc   leading dimension of C
     * @param add   whether to add to C (a later k block) rather than overwrite it
     */
    static void tileIndexed(float[] a, int aOff, float[] in, int base0, int base1, int[] taps, int k0, int kc, float[] c, int cOff, int ldc,
                            boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int ai = aOff;
        for (int k = k0, end = k0 + kc; k < end; k++, ai += MR) {
            int tap = taps[k];
            FloatVector b0 = FloatVector.fromArray(SPECIES, in, base0 + tap);
            FloatVector b1 = FloatVector.fromArray(SPECIES, in, base1 + tap);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // written out, not through a helper: vectors passed to a method C2 does not inline are boxed
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, cOff));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, cOff + VL));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, r1));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, r1 + VL));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, r2));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, r2 + VL));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, r3));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, r3 + VL));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, r4));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, r4 + VL));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, r5));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, r5 + VL));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + VL);
    }
}
