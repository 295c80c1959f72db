package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Permutes the per-sample axes (ONNX Transpose with the batch axis left in place).
 *
 * @param perm output axis i takes per-sample input axis perm[i]
 */
public record Transpose(int[] perm) implements Op, Rearrangement {
    /** Rejects anything but a permutation. */
    public Transpose {
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) {
                throw new IllegalArgumentException("Transpose perm " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
        }
    }

    @Override
    public String type() {
        return "Transpose";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, perm.length, "Transpose").shape();
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = x.dim(perm[i]);
        }
        return Shape.of(out);
    }

    @Override
    public int[] sourceIndex(Shape in) {
        int rank = perm.length;
        int[] inStride = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            inStride[d] = s;
            s *= in.dim(d);
        }
        int[] outDims = new int[rank];
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = in.dim(perm[i]);
            step[i] = inStride[perm[i]];
        }
        return Odometer.walk(outDims, step, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transpose t && Arrays.equals(perm, t.perm);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(perm);
    }

    @Override
    public String toString() {
        return "Transpose" + Arrays.toString(perm);
    }
}
