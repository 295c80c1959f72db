package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import dev.convoy.reference.Parallel;
import jdk.incubator.vector.FloatVector;

/** A residual add of two tensors of one shape with its fused activation, a vector at a time, in chunks per thread. */
final class VectorAdd {
    private static final int CHUNK = 1 << 14;

    private VectorAdd() {
    }

    /**
     * @param a        first operand
     * @param b        second operand, as long
     * @param out      receives act(a + b), every element
     * @param act      the fused activation
     * @param parallel the worker pool
     * @return out
     */
    static float[] run(float[] a, float[] b, float[] out, Activation act, Parallel parallel) {
        int chunks = (a.length + CHUNK - 1) / CHUNK;
        parallel.forEach(chunks, ch -> {
            int from = ch * CHUNK, to = Math.min(a.length, from + CHUNK), i = from;
            int bound = from + Gemm.SPECIES.loopBound(to - from);
            for (; i < bound; i += Gemm.VL) {
                FloatVector.fromArray(Gemm.SPECIES, a, i).add(FloatVector.fromArray(Gemm.SPECIES, b, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = a[i] + b[i];
            }
            Epilogue.apply(out, from, out, from, to - from, 0f, act);
        });
        return out;
    }
}
