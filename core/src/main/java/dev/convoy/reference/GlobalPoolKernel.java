package dev.convoy.reference;

import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.PoolKind;

/** Max or mean over each channel's whole plane. */
final class GlobalPoolKernel {
    private GlobalPoolKernel() {
    }

    static float[] run(GlobalPool pool, Operand x, int n, Parallel parallel) {
        int c = x.info().shape().dim(0);
        int plane = x.info().shape().dim(1) * x.info().shape().dim(2);
        float[] src = x.data();
        float[] out = new float[n * c];
        parallel.forEach(n, b -> {
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * plane;
                if (pool.kind() == PoolKind.MAX) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < plane; i++) {
                        m = Math.max(m, src[base + i]);
                    }
                    out[b * c + ch] = m;
                } else {
                    float s = 0f;
                    for (int i = 0; i < plane; i++) {
                        s += src[base + i];
                    }
                    out[b * c + ch] = s / plane;
                }
            }
        });
        return out;
    }
}
