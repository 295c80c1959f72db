package dev.convoy.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Node;
import dev.convoy.graph.Window;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Runs the fp32 reference's convolutions on an OpenCL device with {@code conv_f32.cl}. */
public final class OpenClFloatConvExecutor implements ReferenceBackend.ConvExecutor {
    private static final String[] SOURCES = {"conv_f32.cl"};
    private final OpenClContext cl;

    /** @param cl the device context */
    public OpenClFloatConvExecutor(OpenClContext cl) {
        this.cl = cl;
    }

    @Override
    public float[] run(Node node, Conv conv, float[] x, Shape in, Shape out, int n) {
        return ClThread.call(() -> runOnClThread(conv, x, in, out, n));
    }

    private static String activation(Activation a) {
        if (a instanceof Activation.Relu) {
            return " -DACT=1";
        } else if (a instanceof Activation.Clip c) {
            return String.format(Locale.ROOT, " -DACT=2 -DACT_MIN=%sf -DACT_MAX=%sf", hex(c.min()), hex(c.max()));
        } else if (a instanceof Activation.LeakyRelu l) {
            return String.format(Locale.ROOT, " -DACT=3 -DACT_ALPHA=%sf", hex(l.alpha()));
        } else if (a instanceof Activation.Sigmoid) {
            return " -DACT=4";
        }
        return " -DACT=0";
    }

    /** @return the float as an exact C literal (hexadecimal), or ±INFINITY */
    private static String hex(float f) {
        if (Float.isInfinite(f)) {
            return f > 0 ? "(INFINITY)" : "(-INFINITY)";
        }
        return Float.toHexString(f);
    }

    private float[] runOnClThread(Conv conv, float[] x, Shape in, Shape out, int n) {
        Window w = conv.window();
        int m = conv.outChannels(), oh = out.dim(1), ow = out.dim(2);
        String options = String.format(Locale.ROOT, "-DKH=%d -DKW=%d -DSH=%d -DSW=%d -DDH=%d -DDW=%d -DPT=%d -DPL=%d",
                w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.dilationH(), w.dilationW(), w.padding().top(), w.padding().left())
                + activation(conv.activation());
        cl_kernel kernel = CL.clCreateKernel(cl.program(SOURCES, options), "conv_f32", null);
        List<cl_mem> mems = new ArrayList<>();
        try {
            float[] bias = conv.bias() == null ? new float[m] : conv.bias();
            cl_mem dx = buffer(mems, x);
            cl_mem dw = buffer(mems, conv.weight().data());
            cl_mem db = buffer(mems, bias);
            float[] y = new float[n * m * oh * ow];
            cl_mem dy = CL.clCreateBuffer(cl.context(), CL_MEM_WRITE_ONLY, Sizeof.cl_float * (long) Math.max(1, y.length), null, null);
            mems.add(dy);
            cl_mem[] bufs = {dx, dw, db, dy};
            for (int i = 0; i < bufs.length; i++) {
                CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(bufs[i]));
            }
            int[] ints = {in.dim(0), in.dim(1), in.dim(2), m, oh, ow, conv.groups()};
            for (int i = 0; i < ints.length; i++) {
                CL.clSetKernelArg(kernel, bufs.length + i, Sizeof.cl_int, Pointer.to(new int[] {ints[i]}));
            }
            CL.clEnqueueNDRangeKernel(cl.queue(), kernel, 3, null, new long[] {ow, oh, (long) n * m}, null, 0, null, null);
            CL.clEnqueueReadBuffer(cl.queue(), dy, CL_TRUE, 0, Sizeof.cl_float * (long) y.length, Pointer.to(y), 0, null, null);
            return y;
        } finally {
            mems.forEach(CL::clReleaseMemObject);
            CL.clReleaseKernel(kernel);
        }
    }

    private cl_mem buffer(List<cl_mem> mems, float[] data) {
        cl_mem mem = CL.clCreateBuffer(cl.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, Sizeof.cl_float * (long) data.length,
                Pointer.to(data), null);
        mems.add(mem);
        return mem;
    }
}
