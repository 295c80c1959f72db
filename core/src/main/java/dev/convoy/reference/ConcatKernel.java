package dev.convoy.reference;

import dev.convoy.graph.Concat;
import dev.convoy.tensor.Shape;
import java.util.List;

/** Joins samples along one axis: each input contributes a contiguous chunk per outer index. */
final class ConcatKernel {
    private ConcatKernel() {
    }

    static float[] run(Concat op, List<Operand> ins, Shape outShape, int n) {
        int axis = op.sampleAxis(ins.get(0).info());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= outShape.dim(i);
        }
        int size = outShape.size();
        float[] out = new float[n * size];
        int pos = 0;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outer; o++) {
                for (Operand in : ins) {
                    int chunk = in.sampleSize() / outer;
                    System.arraycopy(in.data(), in.offset(s) + o * chunk, out, pos, chunk);
                    pos += chunk;
                }
            }
        }
        return out;
    }
}
