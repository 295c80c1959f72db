package dev.convoy.cpu;

import dev.convoy.quant.OutputStage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer results of a {@link GemmConv} run on centred integers held as floats: each depth chunk's fp32 sums are
 * exact integers (the chunk is short enough that no partial sum passes 2²⁴), converted and added into 32-bit
 * accumulators; the bias is added and the layer's output stage (requantization, zero point, clamp) applied
 * per element — the integer reference's own rules, so the integers are the reference's.
 *
 * @param out   n samples [M, P] back to back
 * @param bias  per output channel, in accumulator units
 * @param stage the requantization
 * @param m     output channels
 * @param p     positions per sample
 */
record IntConvOutput(int[] out, long[] bias, OutputStage stage, int m, int p) implements GemmConv.ConvOutput {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

    @Override
    public boolean chunked() {
        return true;
    }

    @Override
    public void chunk(float[] cBuf, int[] acc, int rows, int ncPad, boolean first) {
        int count = rows * ncPad, i = 0;
        if (INTS.length() == Gemm.VL) {
            for (; i < Gemm.SPECIES.loopBound(count); i += Gemm.VL) {
                IntVector v = (IntVector) FloatVector.fromArray(Gemm.SPECIES, cBuf, i).convertShape(VectorOperators.F2I, INTS, 0);
                (first ? v : v.add(IntVector.fromArray(INTS, acc, i))).intoArray(acc, i);
            }
        }
        for (; i < count; i++) {
            acc[i] = first ? (int) cBuf[i] : acc[i] + (int) cBuf[i];
        }
    }

    @Override
    public void finish(float[] cBuf, int[] acc, int b, int oc0, int rows, int j0, int nc, int ncPad) {
        for (int r = 0; r < rows; r++) {
            int oc = oc0 + r;
            long bc = bias[oc];
            int src = r * ncPad, dst = (b * m + oc) * p + j0;
            for (int j = 0; j < nc; j++) {
                out[dst + j] = stage.apply(acc[src + j] + bc, oc);
            }
        }
    }
}
