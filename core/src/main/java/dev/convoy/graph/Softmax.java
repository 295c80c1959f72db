package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Softmax. From opset 13 along one axis; before 13 over all axes from {@code axis} on (the input is
 * coerced to 2-D), which {@code flattenTail} selects.
 *
 * @param axis        the ONNX axis on the full shape
 * @param flattenTail true for opset &lt; 13 semantics
 */
public record Softmax(int axis, boolean flattenTail) implements Op {
    @Override
    public String type() {
        return "Softmax";
    }

    /**
     * @param x the input
     * @return the first per-sample axis softmax normalises over
     */
    public int sampleAxis(Value x) {
        int fullRank = x.shape().rank() + 1;
        int a = axis < 0 ? axis + fullRank : axis;
        if (a < 1 || a >= fullRank) {
            throw new IllegalArgumentException("Softmax axis " + axis + " of " + x.describe()
                    + (a == 0 ? " would normalise across the batch" : " is out of range"));
        }
        return a - 1;
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Value x = Op.batchedInput(inputs, 0, -1, "Softmax");
        sampleAxis(x);
        return x.shape();
    }
}
