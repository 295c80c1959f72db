package dev.convoy.cpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Activation arrays handed back when no later layer reads them (and no caller holds them: see
 * {@code ReferenceBackend.NodeRunner#release}), kept by length and handed out again to layers of the same or a later
 * run, so a model's layers stop allocating (and zeroing) their outputs once the first batch has run. Arrays come
 * back dirty: only kernels that write every element of their output take them. Safe for concurrent runs; at most
 * {@link #LIMIT_BYTES} are kept.
 */
final class Buffers {
    /** Most bytes kept for reuse. */
    static final long LIMIT_BYTES = 512L << 20;
    private final Map<Integer, ConcurrentLinkedDeque<float[]>> free = new ConcurrentHashMap<>();
    private final AtomicLong kept = new AtomicLong();

    /**
     * @param length elements
     * @return an array of that length, its contents undefined
     */
    float[] take(int length) {
        ConcurrentLinkedDeque<float[]> q = free.get(length);
        float[] a = q == null ? null : q.pollFirst();
        if (a == null) {
            return new float[length];
        }
        kept.addAndGet(-4L * length);
        return a;
    }

    /** @param a an array no one reads any more */
    void give(float[] a) {
        if (kept.addAndGet(4L * a.length) > LIMIT_BYTES) {
            kept.addAndGet(-4L * a.length);
            return;
        }
        free.computeIfAbsent(a.length, k -> new ConcurrentLinkedDeque<>()).addFirst(a);
    }
}
