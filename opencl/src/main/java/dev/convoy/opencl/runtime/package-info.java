/**
 * The OpenCL runtime every other {@code dev.convoy.opencl} package builds on, through JOCL: device discovery
 * ({@link dev.convoy.opencl.runtime.Devices}, {@link dev.convoy.opencl.runtime.DeviceInfo}), a context with a
 * profiling kernel queue, a copy queue, a program cache and counted buffers
 * ({@link dev.convoy.opencl.runtime.OpenClContext}), kernel launches, buffer pools, and the one thread every
 * OpenCL call runs on. Enters: the installed ICDs (PoCL, NVIDIA, FPGA BSPs); leaves: contexts and buffers.
 */
package dev.convoy.opencl.runtime;
