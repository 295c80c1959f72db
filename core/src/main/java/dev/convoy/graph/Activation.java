package dev.convoy.graph;

/**
 * An elementwise activation, applied on its own or fused into the producing layer's output.
 * Each implementation is a pure function of one fp32 value.
 */
public sealed interface Activation {
    /** No activation. */
    Activation NONE = new Linear();

    /**
     * @param x input
     * @return activated value
     */
    float apply(float x);

    /** @return the ONNX operator name this activation corresponds to */
    String type();

    /** Identity, the absence of an activation. */
    record Linear() implements Activation {
        @Override public float apply(float x) { return x; }
        @Override public String type() { return "Identity"; }
    }

    /** max(x, 0). */
    record Relu() implements Activation {
        @Override public float apply(float x) { return x > 0f ? x : 0f; }
        @Override public String type() { return "Relu"; }
    }

    /**
     * min(max(x, min), max); ReLU6 is {@code Clip(0, 6)}.
     *
     * @param min lower bound
     * @param max upper bound
     */
    record Clip(float min, float max) implements Activation {
        /** Rejects an empty range. */
        public Clip {
            if (!(min <= max)) {
                throw new IllegalArgumentException("Clip min " + min + " exceeds max " + max);
            }
        }
        @Override public float apply(float x) { return x < min ? min : (x > max ? max : x); }
        @Override public String type() { return "Clip"; }
    }

    /**
     * x for x &ge; 0, alpha·x otherwise.
     *
     * @param alpha slope for negative inputs (ONNX default 0.01)
     */
    record LeakyRelu(float alpha) implements Activation {
        @Override public float apply(float x) { return x >= 0f ? x : alpha * x; }
        @Override public String type() { return "LeakyRelu"; }
    }

    /** 1 / (1 + e^−x). */
    record Sigmoid() implements Activation {
        @Override public float apply(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }
        @Override public String type() { return "Sigmoid"; }
    }

    /** tanh(x), computed in double and rounded once to float32. */
    record Tanh() implements Activation {
        @Override public float apply(float x) { return (float) Math.tanh(x); }
        @Override public String type() { return "Tanh"; }
    }

    /**
     * max(0, min(1, alpha·x + beta)) in float32, as ONNX defines HardSigmoid (PyTorch's Hardsigmoid exports with
     * alpha = 1/6, beta = 0.5).
     *
     * @param alpha slope (ONNX default 0.2)
     * @param beta  offset (ONNX default 0.5)
     */
    record HardSigmoid(float alpha, float beta) implements Activation {
        @Override public float apply(float x) { return Math.max(0f, Math.min(1f, alpha * x + beta)); }
        @Override public String type() { return "HardSigmoid"; }
    }

    /** x · max(0, min(1, x/6 + 1/2)) in float32 (ONNX HardSwish, opset 14: x · HardSigmoid(x) with alpha = 1/6, beta = 0.5). */
    record HardSwish() implements Activation {
        private static final float ALPHA = 1f / 6f;
        @Override public float apply(float x) { return x * Math.max(0f, Math.min(1f, ALPHA * x + 0.5f)); }
        @Override public String type() { return "HardSwish"; }
    }

    /** e^x, computed in double and rounded once to float32. */
    record Exp() implements Activation {
        @Override public float apply(float x) { return (float) Math.exp(x); }
        @Override public String type() { return "Exp"; }
    }

    /** ln x (NaN below 0, −∞ at 0, as IEEE and ONNX Runtime give), computed in double and rounded once. */
    record Log() implements Activation {
        @Override public float apply(float x) { return (float) Math.log(x); }
        @Override public String type() { return "Log"; }
    }

    /** |x|. */
    record Abs() implements Activation {
        @Override public float apply(float x) { return Math.abs(x); }
        @Override public String type() { return "Abs"; }
    }

    /** −x. */
    record Neg() implements Activation {
        @Override public float apply(float x) { return -x; }
        @Override public String type() { return "Neg"; }
    }
}
