package dev.convoy.opencl.runtime;


import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import dev.convoy.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * One OpenCL device with its context, an in-order queue for kernels, a second one for overlapping
 * transfers, and a program cache keyed by source hash, build
 * options and device (CLBlast's routine cache). A failed build throws with the build log.
 */
public final class OpenClContext implements AutoCloseable {
    private final DeviceInfo info;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_command_queue copyQueue;
    private final cl_device_id device;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();

    private OpenClContext(DeviceInfo info, cl_device_id device) {
        this.info = info;
        this.device = device;
        cl_context_properties props = new cl_context_properties();
        this.context = CL.clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        this.queue = CL.clCreateCommandQueue(context, device, CL.CL_QUEUE_PROFILING_ENABLE, null);
        this.copyQueue = CL.clCreateCommandQueue(context, device, 0, null);
    }

    /**
     * @param spec a device number from {@link Devices#list()}, or a case-insensitive part of a device's name
     *             (the first match)
     * @return a context on it
     * @throws BadInputException when no platform is installed or no device matches
     */
    public static OpenClContext open(String spec) {
        String s = spec.trim();
        if (s.matches("\\d{1,9}")) {
            return open(Integer.parseInt(s));
        }
        if (s.matches("\\d+")) {
            throw new BadInputException("opencl:" + s + ": no such device number (see convoy devices)");
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        DeviceInfo d = Devices.list().stream().filter(i -> i.name().toLowerCase(java.util.Locale.ROOT).contains(lower))
                .findFirst().orElseThrow(() -> new BadInputException("opencl:" + spec + ": no OpenCL device's name contains '"
                        + spec + "' (see convoy devices)"));
        return open(d.index());
    }

    /**
     * @param index the device's index in {@link Devices#list()}
     * @return a context on it
     */
    public static OpenClContext open(int index) {
        SignalChaining.warnIfInactive();
        return ClThread.call(() -> openOnClThread(index));
    }

    private static OpenClContext openOnClThread(int index) {
        DeviceInfo info = Devices.list().stream().filter(d -> d.index() == index).findFirst()
                .orElseThrow(() -> new BadInputException("opencl:" + index + ": no such OpenCL device"));
        int[] n = new int[1];
        CL.clGetPlatformIDs(0, null, n);
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        CL.clGetPlatformIDs(n[0], platforms, null);
        int seen = 0;
        for (cl_platform_id p : platforms) {
            int[] nd = new int[1];
            try {
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, nd);
            } catch (CLException e) {
                continue;
            }
            cl_device_id[] ds = new cl_device_id[nd[0]];
            CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
            for (cl_device_id d : ds) {
                if (seen++ == index) {
                    return new OpenClContext(info, d);
                }
            }
        }
        throw new BadInputException("opencl:" + index + ": no such OpenCL device");
    }

    /** @return the device's description */
    public DeviceInfo device() {
        return info;
    }

    /**
     * Allocates device memory; every buffer of the backends goes through here and {@link #release}, so
     * {@link #liveBuffers()} is an exact leak count.
     *
     * @param bytes size in bytes (at least 1)
     * @return the buffer
     */
    public cl_mem allocate(long bytes) {
        cl_mem m = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(bytes, 4), null, null);
        live.incrementAndGet();
        return m;
    }

    /** @return a device buffer holding a copy of the data */
    public cl_mem upload(float[] data) {
        cl_mem m = allocate(4L * data.length);
        if (data.length > 0) {
            CL.clEnqueueWriteBuffer(queue, m, CL.CL_TRUE, 0, 4L * data.length, Pointer.to(data), 0, null, null);
        }
        return m;
    }

    /**
     * @param data  host memory
     * @param bytes its size in bytes
     * @return a device buffer holding a copy of it
     */
    public cl_mem upload(Pointer data, long bytes) {
        cl_mem m = allocate(bytes);
        if (bytes > 0) {
            CL.clEnqueueWriteBuffer(queue, m, CL.CL_TRUE, 0, bytes, data, 0, null, null);
        }
        return m;
    }

    /** @param mem a buffer from {@link #allocate} */
    public void release(cl_mem mem) {
        CL.clReleaseMemObject(mem);
        live.decrementAndGet();
    }

    /** @return device buffers allocated and not yet released, over this context's life */
    public int liveBuffers() {
        return live.get();
    }

    /**
     * @param resources kernel files, concatenated in order
     * @param options   build options
     * @param name      the kernel function
     * @return a new kernel object (the caller releases it)
     */
    public cl_kernel kernel(String[] resources, String options, String name) {
        return CL.clCreateKernel(program(resources, options), name, null);
    }

    public cl_device_id deviceId() {
        return device;
    }

    public cl_context context() {
        return context;
    }

    public cl_command_queue queue() {
        return queue;
    }

    /** @return a second in-order queue for transfers that overlap the kernels of {@link #queue()} */
    public cl_command_queue copyQueue() {
        return copyQueue;
    }

    /**
     * @param resources kernel files under {@code dev/convoy/kernels/}, concatenated in order
     * @param options   build options (-D parameters)
     * @return the built program (cached)
     */
    public cl_program program(String[] resources, String options) {
        StringBuilder src = new StringBuilder();
        for (String r : resources) {
            try (InputStream in = OpenClContext.class.getResourceAsStream("/dev/convoy/kernels/" + r)) {
                if (in == null) {
                    throw new IllegalStateException("kernel source " + r + " missing from the jar");
                }
                src.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String key = sha256(src.toString()) + "|" + options + "|" + info.index();
        return ClThread.call(() -> programs.computeIfAbsent(key, k -> build(src.toString(), options)));
    }

    private cl_program build(String source, String options) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(p, 0, null, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new IllegalStateException("OpenCL build failed on " + info.name() + " (" + options + "):\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ClThread.call(() -> {
            programs.values().forEach(CL::clReleaseProgram);
            programs.clear();
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseCommandQueue(copyQueue);
            CL.clReleaseContext(context);
            return null;
        });
    }

}
