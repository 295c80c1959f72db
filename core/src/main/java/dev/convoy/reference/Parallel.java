package dev.convoy.reference;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent loop iterations (a sample, or a sample × output channel) on a fixed pool of threads.
 * Each iteration writes a disjoint part of the output, so the result does not depend on scheduling. Shared
 * by the fp32 and integer reference backends.
 */
public final class Parallel implements AutoCloseable {
    private final ForkJoinPool pool;

    /** @param threads worker threads, at least 1 */
    public Parallel(int threads) {
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /**
     * @param count iterations
     * @param body  the iteration, given its index in [0, count)
     */
    public void forEach(int count, IntConsumer body) {
        if (pool == null || count == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).join();
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
