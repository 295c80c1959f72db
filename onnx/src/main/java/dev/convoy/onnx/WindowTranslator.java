package dev.convoy.onnx;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.ConvTranspose;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Op;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool over 1, 2 or 3 spatial axes.
 *
 * <p>The IR's window operators are 2-D; other ranks are lowered here, exactly, so that every backend (fp32,
 * integer, OpenCL, the simulator) runs them with its 2-D kernels:
 * <ul>
 *   <li>1-D: the input [C, L] is viewed as [C, 1, L] (a free reshape) and the kernel as 1×k.
 *   <li>3-D convolution: the input [C, D, H, W] is viewed as [C·D, H, W] and the depth axis folded into the
 *       channels — output channel m·Do + o reads input channel c·D + d through kernel slice w[m, c, d − o·sD + pD]
 *       (zero where that slice does not exist). The 2-D weight is block-Toeplitz along depth: exact, and run by
 *       the fast GEMM kernels, at the price of D/kD times the MACs and Do·D/kD times the weight of the 3-D layer
 *       (small for the short stacks of frames this is for; {@link #MAX_LOWERED_WEIGHTS} bounds it).
 *   <li>3-D pooling: separable — a 2-D pool over (H, W) on [C·D, H, W], then a (kD × 1) pool over (D, H·W).
 *       Max is exact; average is exact in real arithmetic (the divisor of a box is the product of its per-axis
 *       counts, with or without padding) and equal to 1e-7 relative in fp32.
 * </ul>
 */
final class WindowTranslator {
    /** Largest 2-D weight (elements) a 3-D convolution may lower to. */
    static final long MAX_LOWERED_WEIGHTS = 1L << 24;

    private WindowTranslator() {
    }

    /** Per-axis geometry of an N-d window as ONNX gives it. */
    private record Geometry(int[] kernel, int[] stride, int[] dilation, int[] begin, int[] end) {
        int extent(int d) {
            return (kernel[d] - 1) * dilation[d] + 1;
        }

        /** @return the 2-D window over axes (a, b) */
        Window window(int a, int b, boolean ceil) {
            return new Window(kernel[a], kernel[b], stride[a], stride[b], dilation[a], dilation[b],
                    new Padding(begin[a], begin[b], end[a], end[b]), ceil);
        }

        /** @return the 2-D window (1 × k) for a 1-D axis */
        Window window1d(boolean ceil) {
            return new Window(1, kernel[0], 1, stride[0], 1, dilation[0], new Padding(0, begin[0], 0, end[0]), ceil);
        }
    }

    static void conv(OnnxNode n, ImportState s) {
        Value x = spatialInput(n, s);
        int dims = x.shape().rank() - 1;
        ConstTensor w = s.constant(n, n.input(1), "weight");
        if (w.dims().length != dims + 2) {
            throw n.error("weight '" + n.input(1) + "' has " + w.dims().length + " dimensions for a " + dims
                    + "-D convolution (expected " + (dims + 2) + ")");
        }
        Tensor weight = w.toTensor();
        int[] k = Arrays.copyOfRange(weight.shape().dims(), 2, dims + 2);
        long[] ks = n.getInts("kernel_shape");
        if (ks != null && !Arrays.equals(ks, Arrays.stream(k).asLongStream().toArray())) {
            throw n.error("kernel_shape " + Arrays.toString(ks) + " disagrees with weight " + weight.shape());
        }
        float[] bias = n.input(2).isEmpty() ? null : s.constant(n, n.input(2), "bias").floats();
        int group = (int) n.getInt("group", 1);
        Geometry geo = geometry(n, x, k);
        String in = s.irInput(n, n.input(0));
        Shape xs = x.shape();
        int first = s.nodeCount();
        try {
            switch (dims) {
                case 2 -> s.emit(n, new Conv(weight, bias, geo.window(0, 1, false), group, Activation.NONE), List.of(in));
                case 1 -> {
                    Tensor w2 = new Tensor(Shape.of(weight.shape().dim(0), weight.shape().dim(1), 1, k[0]), weight.data());
                    String v = view(n, s, in, "as2d", xs.dim(0), 1, xs.dim(1));
                    String y = n.output() + "/2d";
                    s.emit(n, n.name(), new Conv(w2, bias, geo.window1d(false), group, Activation.NONE), List.of(v), y);
                    Shape o = s.value(y).shape();
                    reshapeTo(n, s, y, n.output(), o.dim(0), o.dim(2));
                }
                default -> conv3d(n, s, in, xs, weight, bias, group, geo);
            }
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        if (dims != 2) {
            Shape out = s.value(n.output()).shape();
            long taps = weight.size() / weight.shape().dim(0); // C/group · Πk
            int m = weight.shape().dim(0);
            long positions = out.size() / m;
            long params = weight.size() + (bias == null ? 0 : m);
            s.lowered(first, new dev.convoy.graph.Lowered(n.name(), "Conv", geo.kernel, geo.stride, geo.dilation, params,
                    out.size() * taps, positions * m * (taps + (bias == null ? 0 : 1)),
                    (long) xs.size() * out.size() + (bias == null ? 0 : out.size())));
        }
    }

    private static void conv3d(OnnxNode n, ImportState s, String in, Shape xs, Tensor weight, float[] bias, int group, Geometry geo) {
        int c = xs.dim(0), depth = xs.dim(1);
        int m = weight.shape().dim(0), cg = weight.shape().dim(1);
        int kd = geo.kernel[0], kh = geo.kernel[1], kw = geo.kernel[2];
        long span = (long) depth + geo.begin[0] + geo.end[0] - geo.extent(0);
        if (span < 0) {
            throw n.error("kernel depth extent " + geo.extent(0) + " exceeds the padded input depth " + (depth + geo.begin[0] + geo.end[0]));
        }
        int outDepth = (int) (span / geo.stride[0] + 1);
        long elements = (long) m * outDepth * cg * depth * kh * kw;
        if (elements > MAX_LOWERED_WEIGHTS) {
            throw n.error("this 3-D convolution lowers to a 2-D weight of " + elements + " elements (limit " + MAX_LOWERED_WEIGHTS
                    + "): its depth of " + depth + " is too deep for the depth-folded lowering");
        }
        float[] w2 = new float[(int) elements];
        float[] src = weight.data();
        int plane = kh * kw;
        for (int mi = 0; mi < m; mi++) {
            for (int o = 0; o < outDepth; o++) {
                int row = mi * outDepth + o;
                for (int ci = 0; ci < cg; ci++) {
                    for (int t = 0; t < kd; t++) {
                        int d = o * geo.stride[0] - geo.begin[0] + t * geo.dilation[0];
                        if (d < 0 || d >= depth) {
                            continue; // a tap in the depth padding reads zeros
                        }
                        System.arraycopy(src, (((mi * cg + ci) * kd + t) * plane), w2, ((row * cg + ci) * depth + d) * plane, plane);
                    }
                }
            }
        }
        float[] b2 = null;
        if (bias != null) {
            b2 = new float[m * outDepth];
            for (int i = 0; i < b2.length; i++) {
                b2[i] = bias[i / outDepth];
            }
        }
        String v = view(n, s, in, "depth-folded", c * depth, xs.dim(2), xs.dim(3));
        String y = n.output() + "/2d";
        Tensor wt = new Tensor(Shape.of(m * outDepth, cg * depth, kh, kw), w2);
        s.emit(n, n.name(), new Conv(wt, b2, geo.window(1, 2, false), group, Activation.NONE), List.of(v), y);
        Shape o = s.value(y).shape();
        reshapeTo(n, s, y, n.output(), m, outDepth, o.dim(1), o.dim(2));
    }

    static void convTranspose(OnnxNode n, ImportState s) {
        Value x = spatialInput(n, s);
        int dims = x.shape().rank() - 1;
        if (dims == 3) {
            throw n.error("3-D ConvTranspose is not supported (1-D and 2-D are)");
        }
        if (n.has("output_shape")) {
            throw n.error("the output_shape attribute is not supported; export with explicit pads and output_padding");
        }
        ConstTensor w = s.constant(n, n.input(1), "weight");
        if (w.dims().length != dims + 2) {
            throw n.error("weight '" + n.input(1) + "' has " + w.dims().length + " dimensions for a " + dims + "-D ConvTranspose");
        }
        Tensor weight = w.toTensor();
        int[] k = Arrays.copyOfRange(weight.shape().dims(), 2, dims + 2);
        float[] bias = n.input(2).isEmpty() ? null : s.constant(n, n.input(2), "bias").floats();
        int group = (int) n.getInt("group", 1);
        String autoPad = n.getString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw n.error("auto_pad '" + autoPad + "' is not supported for ConvTranspose (NOTSET, VALID)");
        }
        Geometry geo = geometry(n, x, k);
        int[] outPad = n.getIntsOfLength("output_padding", dims, 0);
        String in = s.irInput(n, n.input(0));
        try {
            if (dims == 2) {
                s.emit(n, new ConvTranspose(weight, bias, geo.window(0, 1, false), outPad[0], outPad[1], group, Activation.NONE), List.of(in));
            } else {
                Shape xs = x.shape();
                int first = s.nodeCount();
                Tensor w2 = new Tensor(Shape.of(weight.shape().dim(0), weight.shape().dim(1), 1, k[0]), weight.data());
                String v = view(n, s, in, "as2d", xs.dim(0), 1, xs.dim(1));
                String y = n.output() + "/2d";
                ConvTranspose t = new ConvTranspose(w2, bias, geo.window1d(false), 0, outPad[0], group, Activation.NONE);
                s.emit(n, n.name(), t, List.of(v), y);
                Shape o = s.value(y).shape();
                reshapeTo(n, s, y, n.output(), o.dim(0), o.dim(2));
                s.lowered(first, new dev.convoy.graph.Lowered(n.name(), "ConvTranspose", geo.kernel, geo.stride, geo.dilation,
                        t.parameters(), (long) xs.size() * weight.shape().dim(1) * k[0], 0, 0));
            }
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    static void pool(OnnxNode n, ImportState s, PoolKind kind) {
        Value x = spatialInput(n, s);
        int dims = x.shape().rank() - 1;
        int[] k = n.getIntsOfLength("kernel_shape", dims, -1);
        if (k[0] < 0) {
            throw n.error("kernel_shape is required");
        }
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw n.error("the Indices output is not supported");
        }
        boolean ceil = n.getInt("ceil_mode", 0) != 0;
        boolean includePad = n.getInt("count_include_pad", 0) != 0;
        Geometry geo = geometry(n, x, k);
        String in = s.irInput(n, n.input(0));
        Shape xs = x.shape();
        int first = s.nodeCount();
        try {
            switch (dims) {
                case 2 -> s.emit(n, new Pool(kind, geo.window(0, 1, ceil), includePad), List.of(in));
                case 1 -> {
                    String v = view(n, s, in, "as2d", xs.dim(0), 1, xs.dim(1));
                    String y = n.output() + "/2d";
                    s.emit(n, n.name(), new Pool(kind, geo.window1d(ceil), includePad), List.of(v), y);
                    reshapeTo(n, s, y, n.output(), xs.dim(0), s.value(y).shape().dim(2));
                }
                default -> {
                    // separable: (H, W) first on [C·D, H, W], then depth on [C, D, Ho·Wo]
                    int c = xs.dim(0), depth = xs.dim(1);
                    String v = view(n, s, in, "depth-folded", c * depth, xs.dim(2), xs.dim(3));
                    String hw = n.output() + "/hw";
                    s.emit(n, n.name() + "/hw", new Pool(kind, geo.window(1, 2, ceil), includePad), List.of(v), hw);
                    Shape p = s.value(hw).shape();
                    String cols = n.output() + "/columns";
                    reshapeTo(n, s, hw, cols, c, depth, p.dim(1) * p.dim(2));
                    Window dw = new Window(geo.kernel[0], 1, geo.stride[0], 1, geo.dilation[0], 1,
                            new Padding(geo.begin[0], 0, geo.end[0], 0), ceil);
                    String y = n.output() + "/2d";
                    s.emit(n, n.name(), new Pool(kind, dw, includePad), List.of(cols), y);
                    reshapeTo(n, s, y, n.output(), c, s.value(y).shape().dim(1), p.dim(1), p.dim(2));
                }
            }
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        if (dims != 2) {
            s.lowered(first, new dev.convoy.graph.Lowered(n.name(), kind == PoolKind.MAX ? "MaxPool" : "AveragePool", geo.kernel,
                    geo.stride, geo.dilation, 0, 0, 0, 0));
        }
    }

    static void globalPool(OnnxNode n, ImportState s, PoolKind kind) {
        Value x = spatialInput(n, s);
        String in = s.irInput(n, n.input(0));
        if (x.shape().rank() == 3) {
            s.emit(n, new GlobalPool(kind), List.of(in));
            return;
        }
        int c = x.shape().dim(0);
        int first = s.nodeCount();
        String v = view(n, s, in, "as2d", c, 1, x.shape().size() / c);
        String y = n.output() + "/2d";
        s.emit(n, n.name(), new GlobalPool(kind), List.of(v), y);
        int[] ones = new int[x.shape().rank()];
        Arrays.fill(ones, 1);
        ones[0] = c;
        reshapeTo(n, s, y, n.output(), ones);
        int[] spatial = Arrays.copyOfRange(x.shape().dims(), 1, x.shape().rank());
        int[] unit = new int[spatial.length];
        Arrays.fill(unit, 1);
        s.lowered(first, new dev.convoy.graph.Lowered(n.name(), kind == PoolKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool", spatial,
                unit, unit, 0, 0, 0, 0));
    }

    /** A free reshape of {@code in} to [N, dims...], named after the node. */
    private static String view(OnnxNode n, ImportState s, String in, String what, int... dims) {
        String out = n.output() + "/" + what;
        reshapeTo(n, s, in, out, dims);
        return out;
    }

    private static void reshapeTo(OnnxNode n, ImportState s, String in, String out, int... dims) {
        long[] target = new long[dims.length + 1];
        target[0] = Reshape.BATCH;
        for (int i = 0; i < dims.length; i++) {
            target[i + 1] = dims[i];
        }
        Op r = new Reshape(target, false, s.staticBatch());
        s.emit(n, n.name() + "/" + out.substring(out.lastIndexOf('/') + 1), r, List.of(in), out);
    }

    private static Value spatialInput(OnnxNode n, ImportState s) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        int r = x.shape().rank();
        if (r < 2 || r > 4) {
            throw n.error("input " + x.describe() + " is not a batch of 1-D, 2-D or 3-D signals [N,C,...]");
        }
        return x;
    }

    /** Strides, dilations and padding per spatial axis, with auto_pad resolved against the input size. */
    private static Geometry geometry(OnnxNode n, Value x, int[] k) {
        int dims = k.length;
        int[] strides = n.getIntsOfLength("strides", dims, 1);
        int[] dil = n.getIntsOfLength("dilations", dims, 1);
        String autoPad = n.getString("auto_pad", "NOTSET");
        int[] begin = new int[dims], end = new int[dims];
        switch (autoPad) {
            case "NOTSET" -> {
                int[] p = n.getIntsOfLength("pads", 2 * dims, 0);
                for (int d = 0; d < dims; d++) {
                    begin[d] = p[d];
                    end[d] = p[d + dims];
                }
            }
            case "VALID" -> {
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                boolean upper = autoPad.equals("SAME_UPPER");
                for (int d = 0; d < dims; d++) {
                    int total = samePad(x.shape().dim(d + 1), strides[d], (k[d] - 1) * dil[d] + 1);
                    // SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the beginning
                    begin[d] = upper ? total / 2 : total - total / 2;
                    end[d] = total - begin[d];
                }
            }
            default -> throw n.error("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        for (int d = 0; d < dims; d++) {
            if (k[d] < 1 || strides[d] < 1 || dil[d] < 1 || begin[d] < 0 || end[d] < 0) {
                throw n.error("kernel " + Arrays.toString(k) + ", strides " + Arrays.toString(strides) + ", dilations "
                        + Arrays.toString(dil) + " must be positive and pads non-negative");
            }
        }
        return new Geometry(k, strides, dil, begin, end);
    }

    private static int samePad(int in, int stride, int extent) {
        int out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + extent - in);
    }
}
