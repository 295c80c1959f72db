package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Dense;
import dev.convoy.reference.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * A fully-connected layer as vectorised dot products: each output is W[o] · x with FMAs over the preferred
 * species, four outputs at a time so each x vector is loaded once for four weight rows. Fully-connected layers
 * of a CNN read far more weights than they compute with, so this is bound by memory, not by FMAs.
 */
final class VectorDense {
    private static final int VL = Gemm.VL;

    private VectorDense() {
    }

    /**
     * @param dense    the layer
     * @param x        inputs, {@code rows} vectors of inFeatures back to back
     * @param out      receives the outputs, rows × outFeatures, every element
     * @param rows     input vectors
     * @param parallel the worker pool
     * @return out
     */
    static float[] run(Dense dense, float[] x, float[] out, int rows, Parallel parallel) {
        int in = dense.inFeatures(), outF = dense.outFeatures();
        float[] wt = dense.weight().data();
        float[] bias = dense.bias();
        Activation act = dense.activation();
        int quads = (outF + 3) / 4;
        int bound = Gemm.SPECIES.loopBound(in);
        parallel.forEach(rows * quads, task -> {
            int r = task / quads, o0 = (task % quads) * 4, xb = r * in;
            int count = Math.min(4, outF - o0);
            if (count < 4) {
                for (int o = o0; o < o0 + count; o++) {
                    out[r * outF + o] = act.apply(dot(x, xb, wt, o * in, in, bound) + (bias == null ? 0f : bias[o]));
                }
                return;
            }
            int w0 = o0 * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
            FloatVector s0 = FloatVector.zero(Gemm.SPECIES), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (; i < bound; i += VL) {
                FloatVector v = FloatVector.fromArray(Gemm.SPECIES, x, xb + i);
                s0 = FloatVector.fromArray(Gemm.SPECIES, wt, w0 + i).fma(v, s0);
                s1 = FloatVector.fromArray(Gemm.SPECIES, wt, w1 + i).fma(v, s1);
                s2 = FloatVector.fromArray(Gemm.SPECIES, wt, w2 + i).fma(v, s2);
                s3 = FloatVector.fromArray(Gemm.SPECIES, wt, w3 + i).fma(v, s3);
            }
            float[] acc = {s0.reduceLanes(VectorOperators.ADD), s1.reduceLanes(VectorOperators.ADD),
                s2.reduceLanes(VectorOperators.ADD), s3.reduceLanes(VectorOperators.ADD)};
            for (; i < in; i++) {
                float v = x[xb + i];
                acc[0] += v * wt[w0 + i];
                acc[1] += v * wt[w1 + i];
                acc[2] += v * wt[w2 + i];
                acc[3] += v * wt[w3 + i];
            }
            for (int q = 0; q < 4; q++) {
                out[r * outF + o0 + q] = act.apply(acc[q] + (bias == null ? 0f : bias[o0 + q]));
            }
        });
        return out;
    }

    private static float dot(float[] x, int xb, float[] w, int wb, int n, int bound) {
        FloatVector s = FloatVector.zero(Gemm.SPECIES);
        int i = 0;
        for (; i < bound; i += VL) {
            s = FloatVector.fromArray(Gemm.SPECIES, w, wb + i).fma(FloatVector.fromArray(Gemm.SPECIES, x, xb + i), s);
        }
        float acc = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            acc += x[xb + i] * w[wb + i];
        }
        return acc;
    }
}
