package dev.convoy.opencl.runtime;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Sets a kernel's arguments and enqueues it: the one place the layers talk to clEnqueueNDRangeKernel. */
public final class Launch {
    /**
     * The arguments each live kernel was last given. A layer launches the same kernel with mostly the same
     * arguments (weights, shapes) every batch; skipping the unchanged ones saves a driver call each, which is
     * most of the host time of a small network at batch 1. Keyed by object identity: a kernel created
     * later is a new object even where the driver reuses the handle.
     */
    private static final Map<cl_kernel, Object[]> LAST = Collections.synchronizedMap(new IdentityHashMap<>());

    private Launch() {
    }

    /**
     * @param args cl_mem, Integer or Float arguments in order
     */
    public static void args(cl_kernel kernel, Object... args) {
        Object[] last = LAST.get(kernel);
        if (last == null || last.length != args.length) {
            last = new Object[args.length];
            LAST.put(kernel, last);
        }
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof cl_mem ? a == last[i] : java.util.Objects.equals(a, last[i])) {
                continue;
            }
            if (a instanceof cl_mem m) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
            } else if (a instanceof Integer v) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            } else if (a instanceof Float v) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
            } else {
                throw new IllegalArgumentException("kernel argument " + i + ": " + a);
            }
            last[i] = a;
        }
    }

    /**
     * @param global global size per dimension (rounded up to the local size by the caller)
     * @param local  work-group size, or null for the driver's choice
     * @return the event when profiling, else null
     */
    public static cl_event enqueue(OpenClContext cl, cl_kernel kernel, long[] global, long[] local, boolean profile) {
        cl_event event = profile ? new cl_event() : null;
        CL.clEnqueueNDRangeKernel(cl.queue(), kernel, global.length, null, global, local, 0, null, event);
        return event;
    }

    /** Releases a kernel and forgets its arguments. */
    public static void release(cl_kernel kernel) {
        LAST.remove(kernel);
        CL.clReleaseKernel(kernel);
    }

    /** @return the event as a list, empty for null (not profiling) */
    public static java.util.List<cl_event> events(cl_event event) {
        return event == null ? java.util.List.of() : java.util.List.of(event);
    }

    /** @return n rounded up to a multiple of m */
    public static long roundUp(long n, long m) {
        return (n + m - 1) / m * m;
    }
}
