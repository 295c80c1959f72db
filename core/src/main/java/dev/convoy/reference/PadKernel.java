package dev.convoy.reference;

import dev.convoy.graph.Pad;

/** Border padding through the op's own index map: each output reads its source element or the fill value. */
final class PadKernel {
    private PadKernel() {
    }

    static float[] run(Pad pad, Operand x, int n) {
        int[] src = pad.sourceIndex(x.info().shape());
        float[] out = new float[n * src.length];
        for (int s = 0; s < n; s++) {
            int in = x.offset(s), o = s * src.length;
            for (int i = 0; i < src.length; i++) {
                out[o + i] = src[i] < 0 ? pad.value() : x.data()[in + src[i]];
            }
        }
        return out;
    }
}
