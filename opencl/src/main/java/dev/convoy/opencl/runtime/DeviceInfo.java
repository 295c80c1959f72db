package dev.convoy.opencl.runtime;

import java.util.List;

/**
 * What an OpenCL device reports about itself.
 *
 * @param index            position in Convoy's device list (platforms in order, devices in order)
 * @param platform         platform name
 * @param name             device name
 * @param type             gpu, cpu, accelerator or other
 * @param computeUnits     CL_DEVICE_MAX_COMPUTE_UNITS
 * @param clockMhz         CL_DEVICE_MAX_CLOCK_FREQUENCY, MHz
 * @param globalMemBytes   CL_DEVICE_GLOBAL_MEM_SIZE, bytes
 * @param localMemBytes    CL_DEVICE_LOCAL_MEM_SIZE, bytes per work-group
 * @param maxWorkGroupSize CL_DEVICE_MAX_WORK_GROUP_SIZE, work-items
 * @param openclC          CL_DEVICE_OPENCL_C_VERSION
 * @param driver           CL_DRIVER_VERSION
 * @param extensions       CL_DEVICE_EXTENSIONS, split
 */
public record DeviceInfo(int index, String platform, String name, String type, int computeUnits, int clockMhz, long globalMemBytes,
                         long localMemBytes, long maxWorkGroupSize, String openclC, String driver, List<String> extensions) {
}
