/**
 * Integer networks resident on an OpenCL device, bit for bit with the integer reference: {@link dev.convoy.opencl.integer.OpenClIntegerLayers} (narrowest storage per format, conv_q8 with a probed 4-way {@link dev.convoy.opencl.integer.DotProduct}, conv_int, the int_ops kernels), or the same layers over a {@link dev.convoy.opencl.integer.PrecompiledKernels} set. Enters: a {@code QuantizedModel}; leaves: integers.
 */
package dev.convoy.opencl.integer;
