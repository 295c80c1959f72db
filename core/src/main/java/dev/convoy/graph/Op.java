package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * An operator of the IR. Implementations are immutable records that validate their attributes when built,
 * so a malformed model fails at import with the node's name rather than deep inside a kernel.
 */
public sealed interface Op permits Conv, ConvTranspose, Pool, GlobalPool, BatchNorm, Dense, Binary, ActivationLayer,
        Flatten, Reshape, Concat, Pad, Softmax, Transpose, Slice, Gather, Reduce, Resize {

    /** @return the operator's name as users know it from ONNX, e.g. {@code Conv} */
    String type();

    /**
     * Infers the output shape and checks the inputs fit the operator.
     *
     * @param inputs the node's inputs, in order
     * @return the output's shape: per-sample if any input is batched, literal otherwise
     * @throws IllegalArgumentException naming the mismatch
     */
    Shape outputShape(List<Value> inputs);

    /** @return learned parameters held by the operator (weights and biases), in elements */
    default long parameters() {
        return 0;
    }

    /**
     * @param inputs the node's inputs
     * @param output the node's output shape
     * @return multiply-accumulates per sample (0 for data movement and elementwise operators)
     */
    default long macs(List<Value> inputs, Shape output) {
        return 0;
    }

    /**
     * @return the activation applied to this operator's output ({@link Activation#NONE} if none);
     *     operators that cannot carry one return NONE
     */
    default Activation activation() {
        return Activation.NONE;
    }

    /**
     * @param activation the activation to fuse into this operator's output
     * @return a copy carrying it
     * @throws UnsupportedOperationException if this operator cannot carry a fused activation
     */
    default Op withActivation(Activation activation) {
        throw new UnsupportedOperationException(type() + " cannot carry a fused activation");
    }

    /** @return whether {@link #withActivation} is supported */
    default boolean fusesActivation() {
        return false;
    }

    /**
     * @param inputs the node's inputs
     * @param index  which input
     * @return that input, checked to be batched and of the given rank
     */
    static Value batchedInput(List<Value> inputs, int index, int rank, String what) {
        if (inputs.size() <= index) {
            throw new IllegalArgumentException("missing input " + index);
        }
        Value v = inputs.get(index);
        if (!v.batched()) {
            throw new IllegalArgumentException(what + " input '" + v.name() + "' must come from the model input, not a constant");
        }
        if (rank >= 0 && v.shape().rank() != rank) {
            throw new IllegalArgumentException(what + " expects " + (rank + 1) + "-D input [N,...], got "
                    + v.describe());
        }
        return v;
    }
}
