package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Inference-mode batch normalisation per channel (axis 1 of [N,C,...]):
 * {@code y = (x − mean) / sqrt(var + epsilon) · scale + bias}. Kept as its own operator only where it cannot
 * be folded into a preceding Conv or Dense.
 *
 * @param scale      gamma, length C
 * @param bias       beta, length C
 * @param mean       running mean, length C
 * @param variance   running variance, length C
 * @param epsilon    added to the variance
 * @param activation applied to each output element
 */
public record BatchNorm(float[] scale, float[] bias, float[] mean, float[] variance, float epsilon,
                        Activation activation) implements Op {
    /** Checks the four vectors have one length. */
    public BatchNorm {
        int c = scale.length;
        if (bias.length != c || mean.length != c || variance.length != c) {
            throw new IllegalArgumentException("BatchNormalization scale, B, mean and var differ in length: "
                    + c + ", " + bias.length + ", " + mean.length + ", " + variance.length);
        }
    }

    @Override
    public String type() {
        return "BatchNormalization";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, -1, type()).shape();
        if (x.rank() < 1 || x.dim(0) != scale.length) {
            throw new IllegalArgumentException("BatchNormalization has " + scale.length + " channels, input is "
                    + inputs.get(0).describe());
        }
        return x;
    }

    @Override
    public long parameters() {
        return 4L * scale.length;
    }

    /**
     * @param c channel
     * @return the per-channel multiplier scale/sqrt(var+eps), computed as ONNX Runtime does (fp32)
     */
    public float multiplier(int c) {
        return scale[c] / (float) Math.sqrt(variance[c] + epsilon);
    }

    /**
     * @param c channel
     * @return the per-channel offset bias − mean·multiplier
     */
    public float offset(int c) {
        return bias[c] - mean[c] * multiplier(c);
    }

    @Override
    public Op withActivation(Activation a) {
        return new BatchNorm(scale, bias, mean, variance, epsilon, a);
    }

    @Override
    public boolean fusesActivation() {
        return true;
    }
}
