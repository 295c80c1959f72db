package dev.convoy.aparapi;

import dev.convoy.graph.Activation;

/**
 * A fused activation as the kernels' integer code and parameters (Aparapi kernels take primitives only).
 *
 * @param code  0 none, 1 ReLU, 2 Clip(a, b), 3 LeakyReLU(a), 4 sigmoid
 * @param a     min or alpha
 * @param b     max
 */
record ActivationCode(int code, float a, float b) {
    /** @return the code, or null for an activation the kernels lack */
    static ActivationCode of(Activation act) {
        if (act == null || act instanceof Activation.Linear) {
            return new ActivationCode(0, 0, 0);
        } else if (act instanceof Activation.Relu) {
            return new ActivationCode(1, 0, 0);
        } else if (act instanceof Activation.Clip c) {
            return new ActivationCode(2, c.min(), c.max());
        } else if (act instanceof Activation.LeakyRelu l) {
            return new ActivationCode(3, l.alpha(), 0);
        } else if (act instanceof Activation.Sigmoid) {
            return new ActivationCode(4, 0, 0);
        }
        return null;
    }
}
