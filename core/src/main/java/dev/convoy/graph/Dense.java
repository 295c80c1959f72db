package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * A fully-connected layer on the last axis: {@code y[..., o] = Σ_i x[..., i] · weight[o, i] + bias[o]}.
 * ONNX Gemm (any transB, alpha and beta folded in) and MatMul with a constant right operand (plus a
 * following Add) import as Dense.
 *
 * @param weight     [outFeatures, inFeatures]
 * @param bias       length outFeatures, or null
 * @param activation applied to each output element
 */
public record Dense(Tensor weight, float[] bias, Activation activation) implements Op {
    /** Validates the weight and bias shapes. */
    public Dense {
        if (weight.shape().rank() != 2) {
            throw new IllegalArgumentException("Dense weight must be 2-D, got " + weight.shape());
        }
        if (bias != null && bias.length != weight.shape().dim(0)) {
            throw new IllegalArgumentException("Dense bias has " + bias.length + " elements for "
                    + weight.shape().dim(0) + " outputs");
        }
    }

    /** @return output features */
    public int outFeatures() {
        return weight.shape().dim(0);
    }

    /** @return input features */
    public int inFeatures() {
        return weight.shape().dim(1);
    }

    @Override
    public String type() {
        return "Gemm";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, -1, "Gemm").shape();
        if (x.rank() < 1 || x.dim(-1) != inFeatures()) {
            throw new IllegalArgumentException("Gemm expects " + inFeatures() + " input features, got "
                    + inputs.get(0).describe());
        }
        int[] d = x.dims();
        d[d.length - 1] = outFeatures();
        return Shape.of(d);
    }

    @Override
    public long parameters() {
        return weight.size() + (bias == null ? 0 : bias.length);
    }

    @Override
    public long macs(List<Value> inputs, Shape out) {
        return (long) out.size() * inFeatures();
    }

    @Override
    public Op withActivation(Activation a) {
        return new Dense(weight, bias, a);
    }

    @Override
    public boolean fusesActivation() {
        return true;
    }
}
