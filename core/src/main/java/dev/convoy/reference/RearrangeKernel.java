package dev.convoy.reference;

import dev.convoy.graph.Rearrangement;

/** Transpose, Slice and Gather through the op's own index map: each output element copies one input element. */
final class RearrangeKernel {
    private RearrangeKernel() {
    }

    static float[] run(Rearrangement op, Operand x, int n) {
        int[] src = op.sourceIndex(x.info().shape());
        float[] out = new float[n * src.length];
        float[] in = x.data();
        for (int s = 0; s < n; s++) {
            int base = x.offset(s), o = s * src.length;
            for (int i = 0; i < src.length; i++) {
                out[o + i] = in[base + src[i]];
            }
        }
        return out;
    }
}
