package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Gather with constant indices on a computed tensor: picks entries along one per-sample axis (channel
 * selection and shuffles). The indices' shape replaces that axis (a scalar index removes it).
 *
 * @param axis        per-sample axis
 * @param indices     the picked positions, non-negative, row-major in {@code indexShape}
 * @param indexShape  the indices' shape (rank 0 for a single index)
 */
public record Gather(int axis, int[] indices, int[] indexShape) implements Op, Rearrangement {
    @Override
    public String type() {
        return "Gather";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, -1, "Gather").shape();
        if (axis < 0 || axis >= x.rank()) {
            throw new IllegalArgumentException("Gather axis " + (axis + 1) + " out of range for " + inputs.get(0).describe());
        }
        for (int i : indices) {
            if (i < 0 || i >= x.dim(axis)) {
                throw new IllegalArgumentException("Gather index " + i + " out of range for axis " + (axis + 1) + " of "
                        + inputs.get(0).describe());
            }
        }
        int[] out = new int[x.rank() - 1 + indexShape.length];
        int k = 0;
        for (int d = 0; d < axis; d++) {
            out[k++] = x.dim(d);
        }
        for (int d : indexShape) {
            out[k++] = d;
        }
        for (int d = axis + 1; d < x.rank(); d++) {
            out[k++] = x.dim(d);
        }
        return Shape.of(out);
    }

    @Override
    public int[] sourceIndex(Shape in) {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) {
            outer *= in.dim(d);
        }
        for (int d = axis + 1; d < in.rank(); d++) {
            inner *= in.dim(d);
        }
        int[] src = new int[outer * indices.length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int idx : indices) {
                int base = (o * in.dim(axis) + idx) * inner;
                for (int i = 0; i < inner; i++) {
                    src[k++] = base + i;
                }
            }
        }
        return src;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gather g && axis == g.axis && Arrays.equals(indices, g.indices) && Arrays.equals(indexShape, g.indexShape);
    }

    @Override
    public int hashCode() {
        return axis * 31 + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "Gather[axis=" + axis + ", indices=" + Arrays.toString(indices) + "]";
    }
}
