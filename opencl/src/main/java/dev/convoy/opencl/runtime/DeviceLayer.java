package dev.convoy.opencl.runtime;

import java.util.List;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * One node of the graph as the OpenCL backend runs it: kernels enqueued on device-resident tensors.
 * Layers are built once per model (weights uploaded, kernels compiled) and enqueued once per batch.
 */
public interface DeviceLayer extends AutoCloseable {
    /**
     * Enqueues the layer.
     *
     * @param inputs the node's batched inputs, on the device (constants are part of the layer)
     * @param output where the node's output goes
     * @param n      samples in the batch
     * @return the events of the kernels it enqueued when profiling (the layer's time runs from the first's
     *     start to the last's end), else empty
     */
    List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile);

    /** @return what runs this layer, for reports, e.g. {@code conv_gemm_f32 64x64x16/4x4} */
    String kernelName();

    /** Releases the layer's kernels and weights. */
    @Override
    void close();
}
