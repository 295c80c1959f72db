package dev.convoy.opencl.fpga;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Window;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Integer max pooling on the FPGA kernel set's single work-item {@code maxpool_swi}, geometry as arguments. */
public final class SwiPoolLayer implements DeviceLayer {
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final Window win;
    private final int c;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;

    /** @param c channels, h, w input size; oh, ow output size */
  public   SwiPoolLayer(OpenClContext cl, FpgaProgram fpga, Window win, int c, int h, int w, int oh, int ow) {
        this.cl = cl;
        this.kernel = fpga.retainedKernel("maxpool_swi");
        this.win = win;
        this.c = c;
        this.h = h;
        this.w = w;
        this.oh = oh;
        this.ow = ow;
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        Launch.args(kernel, inputs.get(0), output, n * c, h, w, oh, ow, win.kernelH(), win.kernelW(), win.strideH(), win.strideW(),
                win.dilationH(), win.dilationW(), win.padding().top(), win.padding().left());
        cl_event event = profile ? new cl_event() : null;
        CL.clEnqueueTask(cl.queue(), kernel, 0, null, event);
        return Launch.events(event);
    }

    @Override
    public String kernelName() {
        return "maxpool_swi (single work-item)";
    }

    @Override
    public void close() {
        Launch.release(kernel);
    }
}
