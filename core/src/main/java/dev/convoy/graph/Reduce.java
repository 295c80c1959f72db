package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ReduceMean/Max/Min/Sum over per-sample axes (never the batch), keeping them as size 1 or dropping them.
 *
 * @param kind     what is computed
 * @param axes     per-sample axes, ascending, distinct
 * @param keepDims keep reduced axes as size 1
 */
public record Reduce(ReduceKind kind, int[] axes, boolean keepDims) implements Op {
    /** Checks the axes ascend without repeats. */
    public Reduce {
        if (axes.length == 0) {
            throw new IllegalArgumentException(kind.onnxName() + " needs at least one axis");
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || (i > 0 && axes[i] <= axes[i - 1])) {
                throw new IllegalArgumentException(kind.onnxName() + " axes " + Arrays.toString(axes) + " must be distinct per-sample axes");
            }
        }
    }

    @Override
    public String type() {
        return kind.onnxName();
    }

    /** @return whether per-sample axis d is reduced */
    public boolean reduces(int d) {
        return Arrays.binarySearch(axes, d) >= 0;
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Value v = Op.batchedInput(inputs, 0, -1, type());
        Shape x = v.shape();
        if (axes[axes.length - 1] >= x.rank()) {
            throw new IllegalArgumentException(type() + " axis " + (axes[axes.length - 1] + 1) + " out of range for " + v.describe());
        }
        int[] out = new int[keepDims ? x.rank() : x.rank() - axes.length];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (!reduces(d)) {
                out[k++] = x.dim(d);
            } else if (keepDims) {
                out[k++] = 1;
            }
        }
        return Shape.of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reduce r && kind == r.kind && keepDims == r.keepDims && Arrays.equals(axes, r.axes);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        return type() + "[axes=" + Arrays.toString(axes) + ", keepdims=" + keepDims + "]";
    }
}
