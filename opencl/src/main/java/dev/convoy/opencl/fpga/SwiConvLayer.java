package dev.convoy.opencl.fpga;

import dev.convoy.opencl.integer.RequantArgs;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * An integer convolution on the FPGA kernel set's single work-item {@code conv_swi}: one task per layer,
 * the geometry passed as arguments, the 64-bit accumulation and output stage of the integer reference.
 */
public final class SwiConvLayer implements DeviceLayer {
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final List<cl_mem> constants = new ArrayList<>();
    private final Object[] args;

    /** @param c input channels, h, w input size; oh, ow output size */
  public   SwiConvLayer(OpenClContext cl, FpgaProgram fpga, QLayer.QConv conv, int c, int h, int w, int oh, int ow) {
        this.cl = cl;
        int m = conv.outChannels();
        RequantArgs rq = RequantArgs.of(conv.out(), m);   // the board build is per-channel; a per-layer rule is repeated
        Window win = conv.window();
        this.kernel = fpga.retainedKernel("conv_swi");
        cl_mem weights = constant(Pointer.to(conv.weight()), 4L * conv.weight().length);
        cl_mem bias = constant(Pointer.to(conv.bias()), 8L * m);
        cl_mem ds = constant(Pointer.to(rq.scale()), 4L * m);
        cl_mem dm = constant(Pointer.to(rq.mult()), 4L * m);
        cl_mem dsh = constant(Pointer.to(rq.shift()), 4L * m);
        this.args = new Object[] {null, weights, bias, ds, dm, dsh, null, 0, c, h, w, m, oh, ow, conv.groups(),
            win.kernelH(), win.kernelW(), win.strideH(), win.strideW(), win.dilationH(), win.dilationW(), win.padding().top(),
            win.padding().left(), conv.inputZeroPoint(), conv.out().zeroPoint(), conv.out().lo(), conv.out().hi(),
            rq.drop(), rq.width(), rq.rounding(), rq.overflow()};
    }

    private cl_mem constant(Pointer p, long bytes) {
        cl_mem mem = cl.upload(p, bytes);
        constants.add(mem);
        return mem;
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        args[0] = inputs.get(0);
        args[6] = output;
        args[7] = n;
        Launch.args(kernel, args);
        cl_event event = profile ? new cl_event() : null;
        CL.clEnqueueTask(cl.queue(), kernel, 0, null, event);
        return Launch.events(event);
    }

    @Override
    public String kernelName() {
        return "conv_swi (single work-item)";
    }

    @Override
    public void close() {
        Launch.release(kernel);
        constants.forEach(cl::release);
    }
}
