package dev.convoy.reference;

import dev.convoy.graph.Pad;
import dev.convoy.graph.PadMode;
import dev.convoy.tensor.Shape;

/** Border padding: each output element reads the input element its mode maps it to, or the fill value. */
final class PadKernel {
    private PadKernel() {
    }

    static float[] run(Pad pad, Operand x, Shape outShape, int n) {
        Shape in = x.info().shape();
        int rank = in.rank();
        int size = outShape.size();
        float[] out = new float[n * size];
        int[] inStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            inStrides[d] = s;
            s *= in.dim(d);
        }
        int[] idx = new int[rank];
        for (int i = 0; i < size; i++) {
            int rem = i;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % outShape.dim(d);
                rem /= outShape.dim(d);
            }
            int src = 0;
            boolean fill = false;
            for (int d = 0; d < rank; d++) {
                int p = source(idx[d] - pad.begin()[d], in.dim(d), pad.mode());
                if (p < 0) {
                    fill = true;
                    break;
                }
                src += p * inStrides[d];
            }
            for (int s = 0; s < n; s++) {
                out[s * size + i] = fill ? pad.value() : x.data()[x.offset(s) + src];
            }
        }
        return out;
    }

    /** @return the input position read for padded position p, or −1 for the fill value */
    private static int source(int p, int len, PadMode mode) {
        if (p >= 0 && p < len) {
            return p;
        }
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> p < 0 ? 0 : len - 1;
            case REFLECT -> p < 0 ? -p : 2 * (len - 1) - p;
        };
    }
}
