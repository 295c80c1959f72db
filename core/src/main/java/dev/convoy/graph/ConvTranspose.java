package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * 2-D transposed convolution (ONNX ConvTranspose, PyTorch ConvTranspose2d): each input pixel scatters its
 * kernel-weighted channels onto a stride-spaced output grid. Output size per axis is
 * stride·(in − 1) + outputPadding + extent − padBegin − padEnd.
 *
 * @param weight        kernel, shape [C, M/groups, kH, kW]
 * @param bias          per-output-channel bias of length M, or null
 * @param window        kernel size, strides, dilations and the pads cropped from the full output
 * @param outPadH       extra rows at the bottom (output_padding)
 * @param outPadW       extra columns at the right
 * @param groups        channel groups
 * @param activation    applied to each output element
 */
public record ConvTranspose(Tensor weight, float[] bias, Window window, int outPadH, int outPadW, int groups,
                            Activation activation) implements Op {
    /** Validates the weight against the window, groups and bias. */
    public ConvTranspose {
        Shape w = weight.shape();
        if (w.rank() != 4) {
            throw new IllegalArgumentException("ConvTranspose weight must be 4-D [C,M/g,kH,kW], got " + w);
        }
        if (w.dim(2) != window.kernelH() || w.dim(3) != window.kernelW()) {
            throw new IllegalArgumentException("ConvTranspose kernel_shape disagrees with weight " + w);
        }
        if (groups < 1 || w.dim(0) % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose group " + groups + " does not divide " + w.dim(0) + " input channels");
        }
        if (bias != null && bias.length != w.dim(1) * groups) {
            throw new IllegalArgumentException("ConvTranspose bias has " + bias.length + " elements for " + w.dim(1) * groups + " output channels");
        }
        if (outPadH < 0 || outPadW < 0 || outPadH >= Math.max(window.strideH(), window.dilationH())
                || outPadW >= Math.max(window.strideW(), window.dilationW())) {
            throw new IllegalArgumentException("ConvTranspose output_padding " + outPadH + "x" + outPadW + " must be below the stride or dilation");
        }
    }

    /** @return input channels C */
    public int inChannels() {
        return weight.shape().dim(0);
    }

    /** @return output channels M */
    public int outChannels() {
        return weight.shape().dim(1) * groups;
    }

    @Override
    public String type() {
        return "ConvTranspose";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, 3, "ConvTranspose").shape();
        if (x.dim(0) != inChannels()) {
            throw new IllegalArgumentException("ConvTranspose expects " + inChannels() + " input channels, got " + x.dim(0));
        }
        Padding p = window.padding();
        long h = (long) window.strideH() * (x.dim(1) - 1) + outPadH + window.extentH() - p.top() - p.bottom();
        long w = (long) window.strideW() * (x.dim(2) - 1) + outPadW + window.extentW() - p.left() - p.right();
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("ConvTranspose pads crop the whole output");
        }
        return Shape.ofLongs(outChannels(), h, w);
    }

    @Override
    public long parameters() {
        return weight.size() + (bias == null ? 0 : bias.length);
    }

    @Override
    public long macs(List<Value> inputs, Shape out) {
        // every input pixel meets every kernel tap once (taps landing in the cropped border included)
        return (long) inputs.get(0).shape().size() * weight.shape().dim(1) * window.kernelH() * window.kernelW();
    }

    @Override
    public Op withActivation(Activation a) {
        return new ConvTranspose(weight, bias, window, outPadH, outPadW, groups, a);
    }

    @Override
    public boolean fusesActivation() {
        return true;
    }
}
