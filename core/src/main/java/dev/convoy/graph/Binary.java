package dev.convoy.graph;

import dev.convoy.tensor.Broadcast;
import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Elementwise Add/Sub/Mul/Div of two inputs with ONNX broadcasting: a residual add of two batched values of
 * one rank, or a batched value with a constant (input normalisation, per-channel scales).
 *
 * @param kind       the arithmetic
 * @param activation applied to each output element
 */
public record Binary(BinaryKind kind, Activation activation) implements Op {
    @Override
    public String type() {
        return kind.onnxName();
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(type() + " takes 2 inputs, got " + inputs.size());
        }
        Value a = inputs.get(0);
        Value b = inputs.get(1);
        if (a.batched() && b.batched() && a.shape().rank() != b.shape().rank()) {
            throw new IllegalArgumentException(type() + " of " + a.describe() + " and " + b.describe()
                    + ": batched operands must have one rank");
        }
        return Broadcast.shape(perSample(a, b), perSample(b, a));
    }

    /**
     * The operand's shape as it broadcasts against a sample of the other operand: a constant beside a batched
     * value loses a leading 1 that would align with the batch dimension.
     *
     * @param v     the operand
     * @param other the other operand
     * @return the shape to broadcast per sample
     */
    public static Shape perSample(Value v, Value other) {
        if (v.batched() || !other.batched()) {
            return v.shape();
        }
        Shape c = v.shape();
        int sampleRank = other.shape().rank();
        if (c.rank() > sampleRank + 1) {
            throw new IllegalArgumentException("constant " + c + " has more dimensions than " + other.describe());
        }
        if (c.rank() == sampleRank + 1) {
            if (c.dim(0) != 1) {
                throw new IllegalArgumentException("constant " + c + " would broadcast across the batch of "
                        + other.describe());
            }
            return c.dropFirst();
        }
        return c;
    }

    @Override
    public Op withActivation(Activation a) {
        return new Binary(kind, a);
    }

    @Override
    public boolean fusesActivation() {
        return true;
    }
}
