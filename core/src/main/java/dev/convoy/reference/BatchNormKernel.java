package dev.convoy.reference;

import dev.convoy.graph.BatchNorm;

/** Per-channel affine normalisation on [C, ...] samples. */
final class BatchNormKernel {
    private BatchNormKernel() {
    }

    static float[] run(BatchNorm bn, Operand x, int n, Parallel parallel) {
        int c = x.info().shape().dim(0);
        int inner = x.info().shape().size() / Math.max(c, 1);
        float[] src = x.data();
        float[] out = new float[src.length];
        parallel.forEach(n, b -> {
            for (int ch = 0; ch < c; ch++) {
                float mul = bn.multiplier(ch);
                float add = bn.offset(ch);
                int base = (b * c + ch) * inner;
                for (int i = base; i < base + inner; i++) {
                    out[i] = bn.activation().apply(src[i] * mul + add);
                }
            }
        });
        return out;
    }
}
