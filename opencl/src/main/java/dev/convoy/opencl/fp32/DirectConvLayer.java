package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Window;
import java.util.List;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A grouped or depthwise convolution on {@code conv_f32.cl}, one work-item per output: with few output
 * channels per group a GEMM tile would be mostly padding.
 */
final class DirectConvLayer implements DeviceLayer {
    private static final String[] SOURCES = {"geometry.cl", "activation_f32.cl", "conv_f32.cl"};
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final cl_mem weight;
    private final cl_mem bias;
    private final ConvShape shape;

    /** @param shape one sample's convolution */
    DirectConvLayer(OpenClContext cl, float[] weights, float[] biases, Window win, Activation act, ConvShape shape) {
        this.cl = cl;
        this.shape = shape;
        String options = KernelOptions.geometry(win) + KernelOptions.of(act);
        this.kernel = cl.kernel(SOURCES, options, "conv_f32");
        this.weight = cl.upload(weights);
        this.bias = cl.upload(biases == null ? new float[shape.m()] : biases);
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        Launch.args(kernel, inputs.get(0), weight, bias, output, shape.c(), shape.h(), shape.w(), shape.m(), shape.oh(), shape.ow(),
                shape.groups());
        return Launch.events(Launch.enqueue(cl, kernel, new long[] {shape.ow(), shape.oh(), (long) n * shape.m()}, null, profile));
    }

    @Override
    public String kernelName() {
        return "conv_f32 (direct)";
    }

    @Override
    public void close() {
        Launch.release(kernel);
        cl.release(weight);
        cl.release(bias);
    }
}
