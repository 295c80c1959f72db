/**
 * OpenCL through JOCL: device discovery today ({@link dev.convoy.opencl.runtime.Devices}); the runtime and kernels
 * of the OpenCL backend build on it. Enters: the installed ICDs (PoCL, NVIDIA, FPGA BSPs); leaves:
 * {@link dev.convoy.opencl.runtime.DeviceInfo} records.
 */
package dev.convoy.opencl.runtime;
