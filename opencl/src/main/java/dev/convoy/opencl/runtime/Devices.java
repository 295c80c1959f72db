package dev.convoy.opencl.runtime;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_CLOCK_FREQUENCY;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_OPENCL_C_VERSION;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;

import dev.convoy.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Lists the OpenCL devices of every installed platform. */
public final class Devices {
    private Devices() {
    }

    /**
     * @return every device, platforms in order
     * @throws BadInputException when no OpenCL platform is installed (or the loader is missing)
     */
    public static List<DeviceInfo> list() {
        return ClThread.call(Devices::query);
    }

    private static List<DeviceInfo> query() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<DeviceInfo> out = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String pname = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue; // a platform without devices
                }
                cl_device_id[] devices = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
                for (cl_device_id d : devices) {
                    long type = deviceLong(d, CL_DEVICE_TYPE);
                    String t = (type & CL_DEVICE_TYPE_GPU) != 0 ? "gpu" : (type & CL_DEVICE_TYPE_CPU) != 0 ? "cpu"
                            : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
                    out.add(new DeviceInfo(out.size(), pname, deviceString(d, CL_DEVICE_NAME), t, (int) deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                            (int) deviceInt(d, CL_DEVICE_MAX_CLOCK_FREQUENCY), deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                            deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE), deviceSize(d, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                            deviceString(d, CL_DEVICE_OPENCL_C_VERSION), deviceString(d, CL_DRIVER_VERSION),
                            Arrays.stream(deviceString(d, CL_DEVICE_EXTENSIONS).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()));
                }
            }
            if (out.isEmpty()) {
                throw new BadInputException("no OpenCL device found; install an ICD (Debian: pocl-opencl-icd, or the GPU/FPGA vendor's)");
            }
            return out;
        } catch (CLException | UnsatisfiedLinkError e) {
            throw new BadInputException("no OpenCL platform available (" + e.getMessage()
                    + "); install ocl-icd-libopencl1 and an ICD such as pocl-opencl-icd", e);
        }
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0] & 0xFFFFFFFFL;
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }
}
