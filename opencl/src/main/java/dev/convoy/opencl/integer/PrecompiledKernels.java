package dev.convoy.opencl.integer;

import dev.convoy.graph.Window;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QuantizedModel;
import org.jocl.cl_kernel;

/**
 * A kernel set built before the run (an FPGA board's bitstream, or a device binary written by
 * {@code convoy fpga-kernels}): {@link OpenClIntegerLayers} takes every layer from it and compiles nothing.
 * Implemented by {@code dev.convoy.opencl.fpga.FpgaProgram}; declared here so that the integer layers need
 * not know which board format supplies the kernels.
 */
public interface PrecompiledKernels {
    /**
     * @param model the quantized model to run
     * @throws dev.convoy.BadInputException naming the kernel set when it was built for another format
     */
    void checkFormat(QuantizedModel model);

    /**
     * @param name a kernel of the set, e.g. {@code int_add}
     * @return the kernel, retained for the caller (who releases it)
     */
    cl_kernel retainedKernel(String name);

    /**
     * A convolution on the set's kernel.
     *
     * @param conv the integer convolution
     * @param c    input channels
     * @param h    input height, elements
     * @param w    input width, elements
     * @param oh   output height, elements
     * @param ow   output width, elements
     * @return the layer
     * @throws UnsupportedOperationException when the set's kernel cannot run this convolution exactly
     */
    DeviceLayer conv(QLayer.QConv conv, int c, int h, int w, int oh, int ow);

    /**
     * Max pooling on the set's kernel; dimensions as for {@link #conv}.
     *
     * @param window the pooling window
     * @return the layer
     */
    DeviceLayer maxPool(Window window, int c, int h, int w, int oh, int ow);

    /** @return where the set came from and its format, for reports */
    String describe();
}
