package dev.convoy.opencl.integer;

import dev.convoy.opencl.runtime.ClThread;
import dev.convoy.opencl.runtime.DeviceInfo;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import java.util.List;
import java.util.Random;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The 4-way int8 dot product {@code conv_q8.cl} is built with, chosen per device by probing: each
 * candidate the device may take is built and run on 4,096 random operands and kept only if every result
 * equals Java's; the portable char4 → int4 form always remains.
 */
public enum DotProduct {
    /** char4 → int4 multiply and horizontal sum: any OpenCL 1.2 device */
    PORTABLE(0, "char4 portable"),
    /** {@code dot(char4, char4)} of cl_khr_integer_dot_product (OpenCL 3.0 devices that list it) */
    KHR(1, "cl_khr_integer_dot_product"),
    /** NVIDIA's dp4a through inline PTX (compute capability 6.1 and later) */
    DP4A(2, "dp4a (inline PTX)");

    /** the -D DOT value */
    final int define;
    private final String label;

    DotProduct(int define, String label) {
        this.define = define;
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * @param cl the device
     * @return the fastest candidate that builds and computes exactly; {@link #PORTABLE} at worst
     */
    static DotProduct probe(OpenClContext cl) {
        DeviceInfo d = cl.device();
        boolean nvidia = (d.platform() + " " + d.name()).toUpperCase(java.util.Locale.ROOT).contains("NVIDIA");
        for (DotProduct candidate : List.of(DP4A, KHR)) {
            boolean offered = candidate == KHR ? d.extensions().contains("cl_khr_integer_dot_product") : nvidia;
            if (offered && works(cl, candidate)) {
                return candidate;
            }
        }
        return PORTABLE;
    }

    /** @return whether the candidate builds on the device and equals Java on random operands */
    static boolean works(OpenClContext cl, DotProduct candidate) {
        return ClThread.call(() -> {
            cl_kernel k;
            try {
                k = cl.kernel(OpenClIntegerLayers.CONV_Q8_SOURCES, "-DDOT=" + candidate.define + " -DTY=int", "dot_probe");
            } catch (IllegalStateException | org.jocl.CLException e) {
                return false;
            }
            int n = 4096;
            Random r = new Random(61);
            byte[] a = new byte[4 * n], b = new byte[4 * n];
            int[] c = new int[n], expected = new int[n], got = new int[n];
            r.nextBytes(a);
            r.nextBytes(b);
            for (int i = 0; i < n; i++) {
                c[i] = r.nextInt(1 << 24) - (1 << 23);
                expected[i] = c[i];
                for (int j = 0; j < 4; j++) {
                    expected[i] += a[4 * i + j] * b[4 * i + j];
                }
            }
            cl_mem da = cl.allocate(a.length), db = cl.allocate(b.length), dc = cl.allocate(4L * n), dout = cl.allocate(4L * n);
            try {
                CL.clEnqueueWriteBuffer(cl.queue(), da, CL.CL_TRUE, 0, a.length, Pointer.to(a), 0, null, null);
                CL.clEnqueueWriteBuffer(cl.queue(), db, CL.CL_TRUE, 0, b.length, Pointer.to(b), 0, null, null);
                CL.clEnqueueWriteBuffer(cl.queue(), dc, CL.CL_TRUE, 0, 4L * n, Pointer.to(c), 0, null, null);
                Launch.args(k, da, db, dc, dout);
                Launch.enqueue(cl, k, new long[] {n}, null, false);
                CL.clEnqueueReadBuffer(cl.queue(), dout, CL.CL_TRUE, 0, (long) Sizeof.cl_int * n, Pointer.to(got), 0, null, null);
                return java.util.Arrays.equals(expected, got);
            } catch (org.jocl.CLException e) {
                return false;
            } finally {
                List.of(da, db, dc, dout).forEach(cl::release);
                Launch.release(k);
            }
        });
    }
}
