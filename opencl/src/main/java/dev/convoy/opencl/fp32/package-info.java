/**
 * fp32 networks resident on an OpenCL device: {@link dev.convoy.opencl.fp32.OpenClBackend} with one {@code DeviceLayer} per node (tiled implicit-GEMM, Winograd F(2x2,3x3), direct, pooling, element-wise), activations in a buffer pool, transfers overlapping compute when streaming, and the per-device {@link dev.convoy.opencl.fp32.TuningDatabase} of tiles. Enters: a {@code Graph} and batches; leaves: outputs and per-layer event times.
 */
package dev.convoy.opencl.fp32;
