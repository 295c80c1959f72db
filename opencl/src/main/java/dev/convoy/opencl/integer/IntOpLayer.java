package dev.convoy.opencl.integer;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.arith.QuantizedMultiplier;
import dev.convoy.arith.TfliteAdd;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.RequantMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The integer layers other than convolution on {@code int_ops.cl}: max pooling, lookup tables, padding
 * (a gather by index table) and the two-format add — each one work-item per output element.
 */
final class IntOpLayer implements DeviceLayer {
    private static final String[] SOURCES = {"geometry.cl", "requant.cl", "int_ops.cl"};
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final List<cl_mem> constants = new ArrayList<>();
    private final String name;
    private final Launcher launcher;

    /** Where kernels come from: built from source with options, or taken from a {@link PrecompiledKernels} set. */
    @FunctionalInterface
    interface Kernels {
        /** @return a kernel the caller releases */
        cl_kernel create(String[] sources, String options, String name);
    }

    @FunctionalInterface
    private interface Launcher {
        cl_event launch(cl_kernel kernel, List<cl_mem> inputs, cl_mem output, int n, boolean profile);
    }

    private IntOpLayer(OpenClContext cl, Kernels kernels, String options, String kernelName, Launcher launcher, List<cl_mem> constants) {
        this.cl = cl;
        this.kernel = kernels.create(SOURCES, options, kernelName);
        this.name = kernelName;
        this.launcher = launcher;
        this.constants.addAll(constants);
    }

    private static String types(IntStorage x, IntStorage x2, IntStorage y) {
        return " -DTX=" + x.clType + " -DTX2=" + x2.clType + " -DTY=" + y.clType;
    }

    /** Max pooling of [C, H, W] planes to [C, OH, OW]. */
    static IntOpLayer maxPool(OpenClContext cl, Kernels kernels, QLayer.QMaxPool p, IntStorage x, IntStorage y, int c, int h, int w, int oh, int ow) {
        return new IntOpLayer(cl, kernels, KernelOptions.geometry(p.window()) + types(x, x, y), "int_maxpool", (k, in, out, n, prof) -> {
            Launch.args(k, in.get(0), out, h, w, oh, ow);
            return Launch.enqueue(cl, k, new long[] {ow, oh, (long) n * c}, null, prof);
        }, List.of());
    }

    /** A lookup table over the input format's integers; per is one sample's element count. */
    static IntOpLayer lut(OpenClContext cl, Kernels kernels, QLayer.QLut l, IntStorage x, IntStorage y, int per) {
        cl_mem table = cl.upload(Pointer.to(l.table()), 4L * l.table().length);
        return new IntOpLayer(cl, kernels, types(x, x, y), "int_lut", (k, in, out, n, prof) -> {
            Launch.args(k, in.get(0), table, l.qmin(), out, n * per);
            return Launch.enqueue(cl, k, new long[] {Launch.roundUp((long) n * per, 64)}, null, prof);
        }, List.of(table));
    }

    /** Padding: the per-sample source index of every output element, or −1 for the fill value. */
    static IntOpLayer gather(OpenClContext cl, Kernels kernels, int[] source, int fill, int perIn, IntStorage x, IntStorage y) {
        cl_mem src = cl.upload(Pointer.to(source), 4L * source.length);
        int perOut = source.length;
        return new IntOpLayer(cl, kernels, types(x, x, y), "int_gather", (k, in, out, n, prof) -> {
            Launch.args(k, in.get(0), src, perIn, perOut, fill, out, n * perOut);
            return Launch.enqueue(cl, k, new long[] {Launch.roundUp((long) n * perOut, 64)}, null, prof);
        }, List.of(src));
    }

    /**
     * The add of two same-shape tensors by the output format's mode; null when the device cannot be exact
     * for it (onnx mode without correctly rounded float division, or a shift beyond 62 bits).
     *
     * @param correctDivide whether the device rounds float division correctly (CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT)
     */
    static IntOpLayer add(OpenClContext cl, Kernels kernels, QLayer.QAdd add, IntStorage a, IntStorage b, IntStorage y, int per, boolean correctDivide) {
        ActQuant fa = add.a(), fb = add.b(), fy = add.y();
        int mode = fy.mode().kernelCode();
        String extra = "";
        int leftShift = 0, fUpA = 0, fUpB = 0, drop = 0, width = 8, rounding = 0, overflow = 1;
        QuantizedMultiplier ma = new QuantizedMultiplier(0, 0), mb = ma, my = ma;
        if (fy.mode() == RequantMode.ONNX) {
            if (!correctDivide) {
                return null;
            }
            extra = " -cl-fp32-correctly-rounded-divide-sqrt";
        } else if (fy.mode() == RequantMode.TFLITE) {
            TfliteAdd rule = TfliteAdd.of(fa.scale(), fb.scale(), fy.scale(), fy.qmax() > 127);
            leftShift = rule.leftShift();
            ma = rule.a();
            mb = rule.b();
            my = rule.y();
        } else {
            int frac = Math.max(fa.frac(), fb.frac());
            fUpA = frac - fa.frac();
            fUpB = frac - fb.frac();
            drop = frac - fy.frac();
            width = fy.fixed().width();
            rounding = fy.fixed().rounding().kernelCode();
            overflow = fy.fixed().overflow().kernelCode();
            if (drop > 62) {
                return null;
            }
        }
        Object[] params = {fa.scale(), fa.zeroPoint(), fb.scale(), fb.zeroPoint(), fy.scale(), fy.zeroPoint(), fy.qmin(), fy.qmax(),
            add.lo(), add.hi(), leftShift, ma.multiplier(), ma.shift(), mb.multiplier(), mb.shift(), my.multiplier(), my.shift(),
            fUpA, fUpB, drop, width, rounding, overflow};
        String options = types(a, b, y) + String.format(Locale.ROOT, " -DADD_MODE=%d -DREQUANT_MODE=2", mode)
                + extra;
        return new IntOpLayer(cl, kernels, options, "int_add", (k, in, out, n, prof) -> {
            Object[] args = new Object[4 + params.length];
            args[0] = in.get(0);
            args[1] = in.get(1);
            args[2] = out;
            args[3] = n * per;
            System.arraycopy(params, 0, args, 4, params.length);
            Launch.args(k, args);
            return Launch.enqueue(cl, k, new long[] {Launch.roundUp((long) n * per, 64)}, null, prof);
        }, List.of());
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        return Launch.events(launcher.launch(kernel, inputs, output, n, profile));
    }

    @Override
    public String kernelName() {
        return name;
    }

    @Override
    public void close() {
        Launch.release(kernel);
        constants.forEach(cl::release);
    }
}
