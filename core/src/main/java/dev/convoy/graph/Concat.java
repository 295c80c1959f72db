package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Joins inputs along one axis (channels, typically). Inputs are all batched or all constant.
 *
 * @param axis the ONNX axis on the full shape; on batched values it may not be the batch axis 0
 */
public record Concat(int axis) implements Op {
    @Override
    public String type() {
        return "Concat";
    }

    /**
     * @param first the first input
     * @return the axis within the per-sample (or literal) shape
     */
    public int sampleAxis(Value first) {
        int fullRank = first.shape().rank() + (first.batched() ? 1 : 0);
        int a = axis < 0 ? axis + fullRank : axis;
        if (a < 0 || a >= fullRank) {
            throw new IllegalArgumentException("Concat axis " + axis + " out of range for " + first.describe());
        }
        if (first.batched()) {
            if (a == 0) {
                throw new IllegalArgumentException("Concat along the batch axis is not supported");
            }
            return a - 1;
        }
        return a;
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Concat needs inputs");
        }
        Value first = inputs.get(0);
        int a = sampleAxis(first);
        int[] out = first.shape().dims();
        out[a] = 0;
        for (Value v : inputs) {
            if (v.batched() != first.batched()) {
                throw new IllegalArgumentException("Concat of batched '" + first.name() + "' with constant '"
                        + (v.batched() ? first.name() : v.name()) + "' is not supported");
            }
            if (v.shape().rank() != first.shape().rank()) {
                throw new IllegalArgumentException("Concat inputs differ in rank: " + first.describe() + " vs " + v.describe());
            }
            for (int i = 0; i < out.length; i++) {
                if (i != a && v.shape().dim(i) != first.shape().dim(i)) {
                    throw new IllegalArgumentException("Concat inputs differ off the axis: " + first.describe() + " vs " + v.describe());
                }
            }
            out[a] += v.shape().dim(a);
        }
        return Shape.of(out);
    }
}
