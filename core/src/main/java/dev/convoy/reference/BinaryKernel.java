package dev.convoy.reference;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Binary;
import dev.convoy.tensor.Broadcast;
import dev.convoy.tensor.Shape;

/** Elementwise arithmetic with broadcasting, sample by sample. */
final class BinaryKernel {
    private BinaryKernel() {
    }

    static float[] run(Binary op, Operand a, Operand b, Shape outShape, int n, Parallel parallel) {
        Shape sa = Binary.perSample(a.info(), b.info());
        Shape sb = Binary.perSample(b.info(), a.info());
        int size = outShape.size();
        float[] out = new float[n * size];
        int[] stA = Broadcast.strides(sa, outShape);
        int[] stB = Broadcast.strides(sb, outShape);
        boolean plain = sa.equals(outShape) && sb.equals(outShape);
        Activation act = op.activation();
        parallel.forEach(n, s -> {
            int oa = a.offset(s), ob = b.offset(s), oo = s * size;
            if (plain) {
                for (int i = 0; i < size; i++) {
                    out[oo + i] = act.apply(op.kind().apply(a.data()[oa + i], b.data()[ob + i]));
                }
                return;
            }
            int rank = outShape.rank();
            int[] idx = new int[rank];
            int ia = oa, ib = ob;
            for (int i = 0; i < size; i++) {
                out[oo + i] = act.apply(op.kind().apply(a.data()[ia], b.data()[ib]));
                // odometer over the output index, moving both read positions by their strides
                for (int d = rank - 1; d >= 0; d--) {
                    ia += stA[d];
                    ib += stB[d];
                    if (++idx[d] < outShape.dim(d)) {
                        break;
                    }
                    ia -= stA[d] * idx[d];
                    ib -= stB[d] * idx[d];
                    idx[d] = 0;
                }
            }
        });
        return out;
    }
}
