package dev.convoy.opencl.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads OpenCL calls run on. Drivers compile with LLVM inside API calls (PoCL initialises its device and
 * builds programs on first use), and LLVM's recursion overflows a Java thread's default 1 MiB stack: the process
 * dies with SIGSEGV and no Java error. These threads have a compiler-sized stack. A call from one of them runs in
 * place; any other caller hands its call to one — a pool, so that several devices (each its own context, used by one
 * caller at a time as the Engine API requires) run their calls side by side instead of queueing behind each other.
 */
public final class ClThread {
    /** Stack of the OpenCL thread, bytes. */
    static final long STACK_BYTES = 512L << 20;
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "opencl", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private ClThread() {
    }

    /**
     * @param task OpenCL work (on one context: OpenCL objects are not shared between concurrent calls)
     * @param <T>  its result type
     * @return the result; the task's own runtime exception is rethrown as is
     */
    public static <T> T call(Callable<T> task) {
        if (Thread.currentThread().getName().equals("opencl")) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = EXECUTOR.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for OpenCL", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
