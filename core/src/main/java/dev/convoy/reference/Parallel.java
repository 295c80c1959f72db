package dev.convoy.reference;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent loop iterations (a sample, or a sample × output channel) on the calling thread and a fixed
 * pool of workers.
 * Each iteration writes a disjoint part of the output, so the result does not depend on scheduling. Shared
 * by the fp32 and integer reference backends.
 */
public final class Parallel implements AutoCloseable {
    private final ForkJoinPool pool;
    private final int threads;

    /** @param threads threads, at least 1: the caller and threads − 1 workers */
    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads - 1);
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
        // the calling thread takes iterations too, from one shared counter: a layer of a few tens of microseconds
        // is not kept waiting for a parked worker to wake, and a late worker finds the work done
        AtomicInteger next = new AtomicInteger();
        // iterations are claimed a few at a time (about four claims per thread): one shared counter bumped per
        // iteration would bounce between cores on layers of many small iterations (a depthwise channel each)
        int grain = Math.max(1, count / (4 * threads));
        Runnable drain = () -> {
            for (int from = next.getAndAdd(grain); from < count; from = next.getAndAdd(grain)) {
                for (int i = from, end = Math.min(count, from + grain); i < end; i++) {
                    body.accept(i);
                }
            }
        };
        int helpers = Math.min(threads - 1, count - 1);
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            tasks[h] = pool.submit(drain);
        }
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException e) {
            next.set(count); // stop the helpers taking more
            failure = e;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
