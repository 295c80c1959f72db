package dev.convoy.reference;

import dev.convoy.graph.Activation;

/** A standalone elementwise activation. */
final class ActivationKernel {
    private ActivationKernel() {
    }

    static float[] run(Activation f, Operand x) {
        float[] src = x.data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = f.apply(src[i]);
        }
        return out;
    }
}
