package dev.convoy.opencl.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread every OpenCL call runs on. Drivers compile with LLVM inside API calls (PoCL initialises
 * its device and builds programs on first use), and LLVM's recursion overflows a Java thread's default
 * 1 MiB stack: the process dies with SIGSEGV and no Java error. This thread has a compiler-sized stack.
 */
public final class ClThread {
    /** Stack of the OpenCL thread, bytes. */
    static final long STACK_BYTES = 512L << 20;
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "opencl", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private ClThread() {
    }

    /**
     * @param task OpenCL work
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
