/**
 * The FPGA kernel set: {@link dev.convoy.opencl.fpga.FpgaProgram} writes the single work-item kernels (every dimension a runtime argument) as source for an offline board build, builds them for any OpenCL device, and loads a precompiled binary whose manifest must match the model's format; its conv and pooling layers plug into {@code OpenClIntegerLayers}.
 */
package dev.convoy.opencl.fpga;
