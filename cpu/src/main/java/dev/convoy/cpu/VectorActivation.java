package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import dev.convoy.reference.Parallel;

/**
 * A standalone activation layer (one the graph could not fuse into its producer, e.g. in the prepared graph that
 * calibration and validation run), a vector at a time through {@link Epilogue}, in chunks per thread.
 */
final class VectorActivation {
    private static final int CHUNK = 1 << 14;

    private VectorActivation() {
    }

    /**
     * @param x        input
     * @param out      receives act(x), every element
     * @param act      the activation
     * @param parallel the worker pool
     * @return out
     */
    static float[] run(float[] x, float[] out, Activation act, Parallel parallel) {
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        parallel.forEach(chunks, ch -> {
            int from = ch * CHUNK;
            Epilogue.apply(x, from, out, from, Math.min(x.length, from + CHUNK) - from, 0f, act);
        });
        return out;
    }
}
