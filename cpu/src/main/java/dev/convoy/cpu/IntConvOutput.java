package dev.convoy.cpu;

import dev.convoy.quant.OutputStage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer results of a {@link GemmConv} run on centred integers held as floats: each depth chunk's fp32 sums are
 * exact integers (the chunk is short enough that no partial sum reaches 2²²), converted and added into 32-bit
 * accumulators; the bias is added and the layer's output stage (requantization, zero point, clamp) applied
 * per element — the integer reference's own rules, so the integers are the reference's.
 *
 * <p>ONNX Runtime's rule ({@code (float) acc · scale}, half to even, + zero point, clamp) runs a vector at a time
 * when every channel has a float scale ({@code scales} non-null): int → float32 is the same rounding as the
 * scalar cast, the product the same IEEE multiply, and the rounding {@link VectorRounding#rint}. Other modes apply
 * the scalar rule.
 *
 * @param out    n samples [M, P] back to back
 * @param bias   per output channel, in accumulator units
 * @param stage  the requantization
 * @param scales per-channel float32 scales when the stage is ONNX Runtime's rule (one per channel, or one), else null
 * @param m      output channels
 * @param p      positions per sample
 */
record IntConvOutput(int[] out, long[] bias, OutputStage stage, float[] scales, int m, int p) implements GemmConv.ConvOutput {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

    /**
     * @param stage an output stage
     * @return its per-channel float scales when every channel follows ONNX Runtime's float rule, else null
     */
    static float[] floatScales(OutputStage stage) {
        float[] scales = new float[stage.perChannel().length];
        for (int i = 0; i < scales.length; i++) {
            if (!(stage.perChannel()[i] instanceof dev.convoy.quant.Requantizer.Float f)) {
                return null;
            }
            scales[i] = f.scale();
        }
        return scales;
    }

    @Override
    public boolean chunked() {
        return true;
    }

    @Override
    public void chunk(float[] cBuf, int[] acc, int rows, int ncPad, boolean first) {
        int count = rows * ncPad, i = 0;
        if (INTS.length() == Gemm.VL) {
            for (; i < Gemm.SPECIES.loopBound(count); i += Gemm.VL) {
                IntVector v = VectorRounding.toInts(FloatVector.fromArray(Gemm.SPECIES, cBuf, i));
                (first ? v : v.add(IntVector.fromArray(INTS, acc, i))).intoArray(acc, i);
            }
        }
        for (; i < count; i++) {
            acc[i] = first ? (int) cBuf[i] : acc[i] + (int) cBuf[i];
        }
    }

    @Override
    public void finish(float[] cBuf, int[] acc, int from, int ldc, int b, int oc0, int rows, int[] position, int[] length, int first, int count,
                       int step) {
        boolean vectors = scales != null && INTS.length() == Gemm.VL;
        float lo = stage.lo(), hi = stage.hi(), zp = stage.zeroPoint();
        for (int r = 0; r < rows; r++) {
            int oc = oc0 + r;
            long bc = bias[oc];
            boolean vectorRow = vectors && bc == (int) bc;
            float scale = vectorRow ? scales[scales.length == 1 ? 0 : oc] : 0f;
            IntVector biasV = IntVector.broadcast(INTS, (int) bc);
            int rowStart = from + r * ldc, outStart = (b * m + oc) * p;
            for (int i = 0; i < count; i++) {
                int src = rowStart + i * step, dst = outStart + position[first + i], nc = length[first + i];
                int j = 0;
                if (vectorRow) {
                    // a short last vector is computed whole in place in acc (when it has the room: acc is the caller's
                    // scratch, never shared) and its lanes copied
                    boolean roomy = src + INTS.loopBound(nc + Gemm.VL - 1) <= acc.length;
                    for (int bound = roomy ? nc : INTS.loopBound(nc); j < bound; j += Gemm.VL) {
                        FloatVector f = (FloatVector) IntVector.fromArray(INTS, acc, src + j).add(biasV)
                                .convertShape(VectorOperators.I2F, Gemm.SPECIES, 0);
                        f = VectorRounding.rint(f.mul(scale)).add(zp).max(lo).min(hi);
                        if (j + Gemm.VL <= nc) {
                            VectorRounding.toInts(f).intoArray(out, dst + j);
                        } else {
                            VectorRounding.toInts(f).intoArray(acc, src + j);
                            System.arraycopy(acc, src + j, out, dst + j, nc - j);
                            j = nc;
                        }
                    }
                }
                for (; j < nc; j++) {
                    out[dst + j] = stage.apply(acc[src + j] + bc, oc);
                }
            }
        }
    }
}
