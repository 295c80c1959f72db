package dev.convoy.onnx;

import dev.convoy.graph.Activation;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/** Gemm, MatMul and BatchNormalization: operators with learned per-feature parameters. */
final class LinearTranslator {
    private LinearTranslator() {
    }

    static void gemm(OnnxNode n, ImportState s) {
        Value a = s.value(n.input(0));
        if (a == null || !a.batched() || a.shape().rank() != 1) {
            throw n.error("input A must be a batch of vectors [N,K] computed from the model input");
        }
        if (n.getInt("transA", 0) != 0) {
            throw n.error("transA=1 would mix samples of the batch; it is not supported");
        }
        ConstTensor b = s.constant(n, n.input(1), "B");
        if (b.dims().length != 2) {
            throw n.error("B must be 2-D, got " + java.util.Arrays.toString(b.dims()));
        }
        float alpha = n.getFloat("alpha", 1f), beta = n.getFloat("beta", 1f);
        boolean transB = n.getInt("transB", 0) != 0;
        Tensor w = weight(b, transB, alpha);
        int out = w.shape().dim(0);
        float[] bias = null;
        if (!n.input(2).isEmpty()) {
            ConstTensor c = s.constant(n, n.input(2), "C");
            bias = vector(n, c, out, "C");
            for (int i = 0; i < out; i++) {
                bias[i] *= beta;
            }
        }
        emitDense(n, s, w, bias);
    }

    static void matMul(OnnxNode n, ImportState s) {
        Value a = s.value(n.input(0));
        if (a == null || !a.batched() || a.shape().rank() < 1) {
            throw n.error("the left operand must be computed from the model input, with at least [N,K]");
        }
        if (!s.isConstant(n.input(1)) && s.value(n.input(1)) != null && s.value(n.input(1)).batched()) {
            throw n.error("MatMul of two computed tensors is not supported; the right operand must be a constant");
        }
        ConstTensor b = s.constant(n, n.input(1), "B");
        if (b.dims().length != 2) {
            throw n.error("the right operand must be a 2-D constant [K,M], got " + java.util.Arrays.toString(b.dims()));
        }
        emitDense(n, s, weight(b, false, 1f), null);
    }

    private static void emitDense(OnnxNode n, ImportState s, Tensor w, float[] bias) {
        Dense d;
        try {
            d = new Dense(w, bias, Activation.NONE);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        s.emit(n, d, List.of(s.irInput(n, n.input(0))));
    }

    /** @return [out, in] weight from B ([in,out], or [out,in] when transposed) scaled by alpha */
    private static Tensor weight(ConstTensor b, boolean transB, float alpha) {
        int r = (int) b.dims()[0], c = (int) b.dims()[1];
        int out = transB ? r : c, in = transB ? c : r;
        float[] src = b.floats();
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                float v = transB ? src[o * in + i] : src[i * out + o];
                w[o * in + i] = alpha == 1f ? v : alpha * v;
            }
        }
        return new Tensor(Shape.of(out, in), w);
    }

    /** @return a per-feature vector from a constant that broadcasts as [features] */
    private static float[] vector(OnnxNode n, ConstTensor c, int features, String role) {
        float[] v = c.floats();
        long[] d = c.dims();
        long nonUnit = java.util.Arrays.stream(d).filter(x -> x != 1).count();
        if (v.length == 1) {
            float[] out = new float[features];
            java.util.Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != features || nonUnit != 1 || d[d.length - 1] != features) {
            throw n.error(role + " of shape " + java.util.Arrays.toString(d) + " does not broadcast as a per-feature vector of "
                    + features);
        }
        return v.clone();
    }

    static void batchNorm(OnnxNode n, ImportState s) {
        if (n.getInt("training_mode", 0) != 0) {
            throw n.error("training_mode=1 is not supported; export the model in eval mode");
        }
        for (int i = 1; i < n.outputs().size(); i++) {
            if (!n.outputs().get(i).isEmpty()) {
                throw n.error("running-statistics outputs are a training feature and are not supported");
            }
        }
        float[] scale = s.constant(n, n.input(1), "scale").floats();
        float[] bias = s.constant(n, n.input(2), "B").floats();
        float[] mean = s.constant(n, n.input(3), "mean").floats();
        float[] var = s.constant(n, n.input(4), "var").floats();
        float epsilon = n.getFloat("epsilon", 1e-5f);
        for (int i = 0; i < var.length; i++) {
            // NaN passes (refused as a non-finite constant unless allowed); a negative variance is never a
            // trained model's, and var + ε ≤ 0 has no square root
            if (var[i] < 0 || var[i] + epsilon <= 0) {
                throw n.error("var[" + i + "] = " + var[i] + (var[i] < 0 ? " is negative; a variance is ≥ 0"
                        : " with epsilon " + epsilon + " leaves nothing to divide by"));
            }
        }
        BatchNorm bn;
        try {
            bn = new BatchNorm(scale, bias, mean, var, epsilon, Activation.NONE);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        s.emit(n, bn, List.of(s.irInput(n, n.input(0))));
    }
}
