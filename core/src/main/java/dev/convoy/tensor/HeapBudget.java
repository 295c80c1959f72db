package dev.convoy.tensor;

import dev.convoy.BadInputException;

/**
 * Memory checks made before a large allocation, so that a file or batch too big for this JVM is refused in one
 * line instead of ending in an OutOfMemoryError half-way through.
 */
public final class HeapBudget {
    private HeapBudget() {
    }

    /** @return bytes the heap can still grow to hold: its maximum less what is in use now */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * @param bytes  what the work about to start will allocate, bytes (an estimate from sizes already known)
     * @param what   what needs it, e.g. "t10k-images-idx3-ubyte.gz: 1,360,000 images of 28×28"
     * @param advice what the user can do, e.g. "use --limit"
     * @throws BadInputException when more than three quarters of what remains would be needed (the rest is
     *         headroom for what the estimate leaves out: temporaries, the collector's own space)
     */
    public static void require(long bytes, String what, String advice) {
        long left = available();
        if (bytes < 0 || bytes > left / 4 * 3) {
            throw new BadInputException(what + " needs about " + mib(bytes) + " MiB, more than the " + mib(left)
                    + " MiB this JVM can still allocate (-Xmx " + mib(Runtime.getRuntime().maxMemory()) + " MiB); " + advice);
        }
    }

    private static long mib(long bytes) {
        return bytes < 0 ? Long.MAX_VALUE >> 20 : (bytes + (1 << 20) - 1) >> 20;
    }
}
