package dev.convoy.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;

import dev.convoy.fixedpoint.IntegerBackend;
import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.Requantizer;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * Runs the integer reference's convolutions on an OpenCL device with {@code conv_int.cl}: the same
 * integers, accumulation and requantization rule (requant.cl mirrors dev.convoy.arith), one work-item per
 * output element. Other layers stay on the CPU reference.
 */
public final class OpenClConvExecutor implements IntegerBackend.ConvExecutor {
    private static final String[] SOURCES = {"geometry.cl", "requant.cl", "conv_int.cl"};
    private final OpenClContext cl;

    /** @param cl the device context */
    public OpenClConvExecutor(OpenClContext cl) {
        this.cl = cl;
    }

    private static Shape image(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    @Override
    public int[] run(QNode node, QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n) {
        return ClThread.call(() -> runOnClThread(node, conv, x, inShape, outShape, n));
    }

    private int[] runOnClThread(QNode node, QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n) {
        Shape in = image(inShape), out = image(outShape);
        int m = conv.outChannels(), oh = out.dim(1), ow = out.dim(2);
        Window w = conv.window();
        Requantizer first = conv.out().perChannel()[0];
        int mode = first instanceof Requantizer.Float ? 0 : first instanceof Requantizer.Q31 ? 1 : 2;
        int channels = conv.out().perChannel().length;
        float[] scale = new float[channels];
        int[] mult = new int[channels], shift = new int[channels];
        int drop = 0, width = 8, rounding = 0, overflow = 1;
        boolean wide = false;
        for (int c = 0; c < channels; c++) {
            Requantizer r = conv.out().perChannel()[c];
            if (r instanceof Requantizer.Float f) {
                scale[c] = f.scale();
            } else if (r instanceof Requantizer.Q31 q) {
                mult[c] = q.multiplier().multiplier();
                shift[c] = q.multiplier().shift();
                wide = q.wide();
            } else if (r instanceof Requantizer.Shift s) {
                drop = s.srcFrac() - s.out().frac();
                width = s.out().width();
                rounding = s.out().rounding().ordinal();
                overflow = s.out().overflow().ordinal();
                if (drop > 62) {
                    throw new IllegalStateException("layer '" + node.name() + "': a shift of " + drop + " bits is outside the kernel's range");
                }
            }
        }
        String options = String.format(java.util.Locale.ROOT,
                "-DKH=%d -DKW=%d -DSH=%d -DSW=%d -DDH=%d -DDW=%d -DPT=%d -DPL=%d -DPER_CHANNEL=%d -DREQUANT_MODE=%d -DWIDE=%d",
                w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.dilationH(), w.dilationW(), w.padding().top(), w.padding().left(),
                channels > 1 ? 1 : 0, mode, wide ? 1 : 0);
        cl_program program = cl.program(SOURCES, options);
        cl_kernel kernel = CL.clCreateKernel(program, "conv_int", null);
        List<cl_mem> mems = new ArrayList<>();
        try {
            cl_mem dx = input(mems, Sizeof.cl_int * (long) x.length, Pointer.to(x));
            cl_mem dw = input(mems, Sizeof.cl_int * (long) conv.weight().length, Pointer.to(conv.weight()));
            cl_mem db = input(mems, Sizeof.cl_long * (long) conv.bias().length, Pointer.to(conv.bias()));
            cl_mem ds = input(mems, Sizeof.cl_float * (long) channels, Pointer.to(scale));
            cl_mem dm = input(mems, Sizeof.cl_int * (long) channels, Pointer.to(mult));
            cl_mem dsh = input(mems, Sizeof.cl_int * (long) channels, Pointer.to(shift));
            int[] y = new int[n * m * oh * ow];
            cl_mem dy = CL.clCreateBuffer(cl.context(), CL_MEM_WRITE_ONLY, Sizeof.cl_int * (long) y.length, null, null);
            mems.add(dy);
            Object[] args = {dx, dw, db, ds, dm, dsh, dy, in.dim(0), in.dim(1), in.dim(2), m, oh, ow, conv.groups(),
                conv.inputZeroPoint(), conv.out().zeroPoint(), conv.out().lo(), conv.out().hi(), drop, width, rounding, overflow};
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof cl_mem mem) {
                    CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(mem));
                } else {
                    CL.clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {(Integer) args[i]}));
                }
            }
            CL.clEnqueueNDRangeKernel(cl.queue(), kernel, 3, null, new long[] {ow, oh, (long) n * m}, null, 0, null, null);
            CL.clEnqueueReadBuffer(cl.queue(), dy, CL_TRUE, 0, Sizeof.cl_int * (long) y.length, Pointer.to(y), 0, null, null);
            return y;
        } finally {
            mems.forEach(CL::clReleaseMemObject);
            CL.clReleaseKernel(kernel);
        }
    }

    private cl_mem input(List<cl_mem> mems, long bytes, Pointer data) {
        cl_mem mem = CL.clCreateBuffer(cl.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, Math.max(bytes, 4), bytes == 0 ? null : data, null);
        mems.add(mem);
        return mem;
    }
}
