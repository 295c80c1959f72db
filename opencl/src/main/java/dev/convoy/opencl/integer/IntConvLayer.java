package dev.convoy.opencl.integer;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Window;
import dev.convoy.quant.QLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * An integer convolution (Conv, Gemm, folded BatchNorm, average pooling) on the device, bit-exact with
 * the integer reference. Two kernels:
 * <ul>
 *   <li>{@code conv_q8.cl} when activations and weights are 8-bit and the int32 accumulator provably
 *       cannot overflow (Σ|w| · 128 &lt; 2^31 for every channel): 4-way dot products, by
 *       {@link DotProduct};</li>
 *   <li>{@code conv_int.cl} otherwise: 64-bit accumulation on any storage width.</li>
 * </ul>
 * Both end in requant.cl's output stage, the OpenCL twin of dev.convoy.arith.
 */
final class IntConvLayer implements DeviceLayer {
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final List<cl_mem> constants = new ArrayList<>();
    private final Object[] args;
    private final long[] global;
    private final String name;
    private final int m;
    private final int outSlot;

    /**
     * @param conv    the layer
     * @param in      storage of the input
     * @param out     storage of the output
     * @param c       input channels, h, w input size; oh, ow output size
     * @param dot     the dot product for the 8-bit kernel, or null to use the general kernel only
     */
    IntConvLayer(OpenClContext cl, String node, QLayer.QConv conv, IntStorage in, IntStorage out, int c, int h, int w, int oh, int ow,
                 DotProduct dot) {
        this.cl = cl;
        this.m = conv.outChannels();
        Window win = conv.window();
        int channels = conv.out().perChannel().length;
        RequantArgs rq = RequantArgs.of(conv.out(), channels);
        String options = KernelOptions.geometry(win) + String.format(Locale.ROOT, " -DPER_CHANNEL=%d -DREQUANT_MODE=%d -DWIDE=%d -DTX=%s -DTY=%s",
                channels > 1 ? 1 : 0, rq.mode(), rq.wide() ? 1 : 0, in.clType, out.clType);
        int zp = conv.inputZeroPoint();
        boolean q8 = dot != null && in == IntStorage.CHAR && IntStorage.CHAR.holds(zp) && fitsInt32(conv);
        cl_mem weights, bias, taps = null;
        int k4 = 0;
        if (q8) {
            int count = conv.taps();
            k4 = (int) Launch.roundUp(count, 4);
            byte[] packed = new byte[m * k4];
            long[] folded = new long[m];
            for (int oc = 0; oc < m; oc++) {
                long sum = 0;
                for (int k = 0; k < count; k++) {
                    int v = conv.weight()[oc * count + k];
                    packed[oc * k4 + k] = (byte) v;
                    sum += v;
                }
                folded[oc] = conv.bias()[oc] - (long) zp * sum;   // padding taps then read zp and add w·(zp − zp) = 0
            }
            int[] tapTable = new int[4 * k4];
            for (int k = 0; k < count; k++) {
                int ic = k / (win.kernelH() * win.kernelW()), ky = k / win.kernelW() % win.kernelH(), kx = k % win.kernelW();
                tapTable[4 * k] = ic;
                tapTable[4 * k + 1] = ky * win.dilationH();
                tapTable[4 * k + 2] = kx * win.dilationW();
                tapTable[4 * k + 3] = 1;
            }
            weights = constant(Pointer.to(packed), packed.length);
            taps = constant(Pointer.to(tapTable), 4L * tapTable.length);
            bias = constant(Pointer.to(folded), 8L * m);
            this.kernel = cl.kernel(OpenClIntegerLayers.CONV_Q8_SOURCES, options + " -DDOT=" + dot.define, "conv_q8");
            this.name = "conv_q8 (" + dot + ")";
        } else {
            weights = constant(Pointer.to(conv.weight()), 4L * conv.weight().length);
            bias = constant(Pointer.to(conv.bias()), 8L * m);
            this.kernel = cl.kernel(OpenClIntegerLayers.CONV_INT_SOURCES, options, "conv_int");
            this.name = "conv_int (64-bit accumulator)";
        }
        cl_mem ds = constant(Pointer.to(rq.scale()), 4L * channels);
        cl_mem dm = constant(Pointer.to(rq.mult()), 4L * channels);
        cl_mem dsh = constant(Pointer.to(rq.shift()), 4L * channels);
        List<Object> a = new ArrayList<>(List.of(0, weights));   // slot 0: the input, set per launch
        if (q8) {
            a.add(taps);
        }
        a.addAll(List.of(bias, ds, dm, dsh, 0, c, h, w, m, oh, ow, conv.groups()));
        if (q8) {
            a.add(k4);
        }
        a.addAll(List.of(zp, conv.out().zeroPoint(), conv.out().lo(), conv.out().hi(), rq.drop(), rq.width(), rq.rounding(), rq.overflow()));
        this.args = a.toArray();
        this.outSlot = q8 ? 7 : 6;
        this.global = new long[] {ow, oh, m};
    }

    /** @return whether Σ|w|·128 stays below 2^31 for every output channel (|x| ≤ 128 in int8) */
    static boolean fitsInt32(QLayer.QConv conv) {
        int taps = conv.taps();
        for (int oc = 0; oc < conv.outChannels(); oc++) {
            long bound = 0;
            for (int k = 0; k < taps; k++) {
                int v = conv.weight()[oc * taps + k];
                if (!IntStorage.CHAR.holds(v)) {
                    return false;
                }
                bound += Math.abs(v);
            }
            if (bound * 128 >= Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private cl_mem constant(Pointer p, long bytes) {
        cl_mem mem = cl.upload(p, bytes);
        constants.add(mem);
        return mem;
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        args[0] = inputs.get(0);
        args[outSlot] = output;
        Launch.args(kernel, args);
        return Launch.events(Launch.enqueue(cl, kernel, new long[] {global[0], global[1], (long) n * m}, null, profile));
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
