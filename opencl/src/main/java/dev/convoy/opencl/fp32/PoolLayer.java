package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Window;
import java.util.List;
import java.util.Locale;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Max or average pooling over windows ({@code pool_f32.cl}), or over whole planes ({@code global_pool_f32}). */
final class PoolLayer implements DeviceLayer {
    private static final String[] SOURCES = {"geometry.cl", "pool_f32.cl"};
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final boolean global;
    private final int c, h, w, oh, ow;

    /**
     * @param pool the windowed pooling, or null for global pooling of the given kind
     * @param shape {C, H, W, OH, OW} of one sample
     */
    PoolLayer(OpenClContext cl, Pool pool, PoolKind globalKind, int[] shape) {
        this.cl = cl;
        this.global = pool == null;
        this.c = shape[0];
        this.h = shape[1];
        this.w = shape[2];
        this.oh = shape[3];
        this.ow = shape[4];
        String options;
        if (global) {
            options = "-DMAXPOOL=" + (globalKind == PoolKind.MAX ? 1 : 0);
        } else {
            Window win = pool.window();
            options = String.format(Locale.ROOT, "-DMAXPOOL=%d -DCOUNT_PAD=%d -DKH=%d -DKW=%d -DSH=%d -DSW=%d -DDH=%d -DDW=%d"
                            + " -DPT=%d -DPL=%d -DPB=%d -DPR=%d", pool.kind() == PoolKind.MAX ? 1 : 0, pool.countIncludePad() ? 1 : 0,
                    win.kernelH(), win.kernelW(), win.strideH(), win.strideW(), win.dilationH(), win.dilationW(),
                    win.padding().top(), win.padding().left(), win.padding().bottom(), win.padding().right());
        }
        this.kernel = cl.kernel(SOURCES, options + (global ? " -DKH=1 -DKW=1 -DSH=1 -DSW=1 -DDH=1 -DDW=1 -DPT=0 -DPL=0" : ""),
                global ? "global_pool_f32" : "pool_f32");
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        if (global) {
            Launch.args(kernel, inputs.get(0), output, h * w);
            return Launch.events(Launch.enqueue(cl, kernel, new long[] {(long) n * c}, null, profile));
        }
        Launch.args(kernel, inputs.get(0), output, h, w, oh, ow);
        return Launch.events(Launch.enqueue(cl, kernel, new long[] {ow, oh, (long) n * c}, null, profile));
    }

    @Override
    public String kernelName() {
        return global ? "global_pool_f32" : "pool_f32";
    }

    @Override
    public void close() {
        Launch.release(kernel);
    }
}
