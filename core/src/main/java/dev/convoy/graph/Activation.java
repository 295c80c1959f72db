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
}
