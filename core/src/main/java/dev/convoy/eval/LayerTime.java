package dev.convoy.eval;

/**
 * One node's time in a profiled run. On OpenCL: device time from its kernels' events
 * (CL_PROFILING_COMMAND_START of the first to _END of the last), so host overhead and transfers are excluded;
 * on the host: wall time from the previous node's end to this one's; on the simulator: the cycle model's time.
 *
 * @param node   the node's name
 * @param type   its operator, e.g. Conv
 * @param kernel what ran it, e.g. {@code conv_gemm_f32 64x64x16/4x4}, or {@code host} for a CPU fallback
 * @param ms     device time, milliseconds (for host fallbacks: wall time including the transfers)
 * @param flops  floating-point operations of the node for the batch (2 per multiply-accumulate)
 */
public record LayerTime(String node, String type, String kernel, double ms, long flops) {
}
