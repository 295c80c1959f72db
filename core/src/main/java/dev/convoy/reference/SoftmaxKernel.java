package dev.convoy.reference;

import dev.convoy.graph.Softmax;
import dev.convoy.tensor.Shape;

/** Softmax with the maximum subtracted first, so large logits do not overflow. */
final class SoftmaxKernel {
    private SoftmaxKernel() {
    }

    static float[] run(Softmax op, Operand x, int n) {
        Shape s = x.info().shape();
        int axis = op.sampleAxis(x.info());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s.dim(i);
        }
        int len = op.flattenTail() ? s.size() / Math.max(outer, 1) : s.dim(axis);
        int inner = op.flattenTail() ? 1 : s.size() / Math.max(outer * len, 1);
        float[] src = x.data();
        float[] out = new float[src.length];
        for (int b = 0; b < n * outer; b++) {
            for (int j = 0; j < inner; j++) {
                int base = b * len * inner + j;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, src[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    float e = (float) Math.exp(src[base + k * inner] - max);
                    out[base + k * inner] = e;
                    sum += e;
                }
                for (int k = 0; k < len; k++) {
                    out[base + k * inner] = (float) (out[base + k * inner] / sum);
                }
            }
        }
        return out;
    }
}
