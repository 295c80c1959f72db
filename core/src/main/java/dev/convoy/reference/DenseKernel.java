package dev.convoy.reference;

import dev.convoy.graph.Dense;

/** Fully-connected layer on the last axis: one dot product per output feature. */
final class DenseKernel {
    private DenseKernel() {
    }

    static float[] run(Dense dense, Operand x, int n, Parallel parallel) {
        int in = dense.inFeatures(), outF = dense.outFeatures();
        int rows = n * (x.sampleSize() / in);
        float[] wt = dense.weight().data();
        float[] bias = dense.bias();
        float[] src = x.data();
        float[] out = new float[rows * outF];
        parallel.forEach(rows, r -> {
            for (int o = 0; o < outF; o++) {
                float acc = 0f;
                int wBase = o * in, xBase = r * in;
                for (int i = 0; i < in; i++) {
                    acc += src[xBase + i] * wt[wBase + i];
                }
                out[r * outF + o] = dense.activation().apply(acc + (bias == null ? 0f : bias[o]));
            }
        });
        return out;
    }
}
