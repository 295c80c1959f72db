package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * ONNX Flatten: [d0..dk] → [d0·…·d(axis−1), d(axis)·…·dk]. On a batched value only axis 1 keeps the batch
 * dimension apart, giving a per-sample vector.
 *
 * @param axis the ONNX axis on the full shape (negative counts from the end)
 */
public record Flatten(int axis) implements Op {
    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Value x = inputs.get(0);
        int fullRank = x.shape().rank() + (x.batched() ? 1 : 0);
        int a = axis < 0 ? axis + fullRank : axis;
        if (a < 0 || a > fullRank) {
            throw new IllegalArgumentException("Flatten axis " + axis + " out of range for " + x.describe());
        }
        if (!x.batched()) {
            int outer = 1;
            for (int i = 0; i < a; i++) {
                outer *= x.shape().dim(i);
            }
            return Shape.of(outer, x.shape().size() / Math.max(outer, 1));
        }
        if (a != 1) {
            throw new IllegalArgumentException("Flatten axis " + axis + " of " + x.describe()
                    + " would merge the batch dimension; only axis 1 is supported");
        }
        return Shape.of(x.shape().size());
    }
}
