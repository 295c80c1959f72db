package dev.convoy.opencl.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.cl_mem;

/**
 * Device buffers for activations, reused across layers and batches: a freed tensor's buffer goes back to
 * the pool under its size and the next tensor of that size takes it, so a network at a fixed batch
 * allocates on its first batch only. Sizes are rounded up to 4 KiB to let nearby sizes share.
 */
public final class BufferPool implements AutoCloseable {
    private static final long GRAIN = 4096;
    private final OpenClContext cl;
    private final Map<Long, Deque<cl_mem>> free = new HashMap<>();
    private final Map<cl_mem, Long> sizes = new IdentityHashMap<>();

  public   BufferPool(OpenClContext cl) {
        this.cl = cl;
    }

    /** @return a buffer of at least this many bytes */
    public cl_mem acquire(long bytes) {
        long size = Launch.roundUp(Math.max(bytes, 1), GRAIN);
        Deque<cl_mem> q = free.get(size);
        if (q != null && !q.isEmpty()) {
            return q.pop();
        }
        cl_mem m = cl.allocate(size);
        sizes.put(m, size);
        return m;
    }

    /** @param mem a buffer from {@link #acquire}, no longer read or written by anything enqueued after this */
    public void give(cl_mem mem) {
        free.computeIfAbsent(sizes.get(mem), k -> new ArrayDeque<>()).push(mem);
    }

    /** @return buffers this pool holds on the device, in use or free */
    public int buffers() {
        return sizes.size();
    }

    /** @return device bytes this pool holds */
    long bytes() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        sizes.keySet().forEach(cl::release);
        sizes.clear();
        free.clear();
    }
}
