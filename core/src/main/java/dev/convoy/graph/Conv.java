package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as ONNX and PyTorch define it), grouped when {@code groups > 1};
 * depthwise when groups equals the input channels.
 *
 * @param weight     kernel, shape [M, C/groups, kH, kW]
 * @param bias       per-output-channel bias of length M, or null when the layer has none
 * @param window     kernel geometry; its kernel size matches the weight
 * @param groups     channel groups; M and C are multiples of it
 * @param activation applied to each output element
 */
public record Conv(Tensor weight, float[] bias, Window window, int groups, Activation activation) implements Op {
    /** Validates the weight against the window, groups and bias. */
    public Conv {
        Shape w = weight.shape();
        if (w.rank() != 4) {
            throw new IllegalArgumentException("Conv weight must be 4-D [M,C/g,kH,kW], got " + w);
        }
        if (w.dim(2) != window.kernelH() || w.dim(3) != window.kernelW()) {
            throw new IllegalArgumentException("Conv kernel_shape " + window.kernelH() + "x" + window.kernelW()
                    + " disagrees with weight " + w);
        }
        if (groups < 1 || w.dim(0) % groups != 0) {
            throw new IllegalArgumentException("Conv group " + groups + " does not divide " + w.dim(0) + " output channels");
        }
        if (bias != null && bias.length != w.dim(0)) {
            throw new IllegalArgumentException("Conv bias has " + bias.length + " elements for " + w.dim(0) + " output channels");
        }
    }

    /** @return output channels M */
    public int outChannels() {
        return weight.shape().dim(0);
    }

    /** @return input channels C */
    public int inChannels() {
        return weight.shape().dim(1) * groups;
    }

    @Override
    public String type() {
        return "Conv";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, 3, "Conv").shape();
        if (x.dim(0) != inChannels()) {
            throw new IllegalArgumentException("Conv expects " + inChannels() + " input channels, got " + x.dim(0));
        }
        return Shape.of(outChannels(), window.outH(x.dim(1)), window.outW(x.dim(2)));
    }

    @Override
    public long parameters() {
        return weight.size() + (bias == null ? 0 : bias.length);
    }

    @Override
    public long macs(List<Value> inputs, Shape out) {
        return (long) out.size() * weight.shape().dim(1) * window.kernelH() * window.kernelW();
    }

    @Override
    public Op withActivation(Activation a) {
        return new Conv(weight, bias, window, groups, a);
    }

    @Override
    public boolean fusesActivation() {
        return true;
    }
}
