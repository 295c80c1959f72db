package dev.convoy.onnx;

import dev.convoy.graph.Conv;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Tensor;
import java.util.List;

/** Conv, MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool: operators with a 2-D window. */
final class WindowTranslator {
    private WindowTranslator() {
    }

    static void conv(OnnxNode n, ImportState s) {
        Value x = spatialInput(n, s);
        ConstTensor w = s.constant(n, n.input(1), "weight");
        if (w.dims().length != 4) {
            throw n.error("weight '" + n.input(1) + "' has " + w.dims().length + " dimensions; only 2-D convolution"
                    + " (4-D weight [M,C/group,kH,kW]) is supported");
        }
        Tensor weight = w.toTensor();
        int kh = weight.shape().dim(2), kw = weight.shape().dim(3);
        long[] ks = n.getInts("kernel_shape");
        if (ks != null && (ks.length != 2 || ks[0] != kh || ks[1] != kw)) {
            throw n.error("kernel_shape " + java.util.Arrays.toString(ks) + " disagrees with weight " + weight.shape());
        }
        float[] bias = n.input(2).isEmpty() ? null : s.constant(n, n.input(2), "bias").floats();
        int group = (int) n.getInt("group", 1);
        Window win = window(n, x, kh, kw, false);
        Conv conv;
        try {
            conv = new Conv(weight, bias, win, group, Activation.NONE);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        s.emit(n, conv, List.of(s.irInput(n, n.input(0))));
    }

    static void pool(OnnxNode n, ImportState s, PoolKind kind) {
        Value x = spatialInput(n, s);
        int[] k = n.getIntsOfLength("kernel_shape", 2, -1);
        if (k[0] < 0) {
            throw n.error("kernel_shape is required");
        }
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw n.error("the Indices output is not supported");
        }
        boolean ceil = n.getInt("ceil_mode", 0) != 0;
        boolean includePad = n.getInt("count_include_pad", 0) != 0;
        s.emit(n, new Pool(kind, window(n, x, k[0], k[1], ceil), includePad), List.of(s.irInput(n, n.input(0))));
    }

    static void globalPool(OnnxNode n, ImportState s, PoolKind kind) {
        spatialInput(n, s);
        s.emit(n, new GlobalPool(kind), List.of(s.irInput(n, n.input(0))));
    }

    private static Value spatialInput(OnnxNode n, ImportState s) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        if (x.shape().rank() != 3) {
            throw n.error("input " + x.describe() + " is not an image batch [N,C,H,W]; only 2-D is supported");
        }
        return x;
    }

    /** Strides, dilations and padding, with auto_pad resolved against the input size. */
    private static Window window(OnnxNode n, Value x, int kh, int kw, boolean ceil) {
        int[] strides = n.getIntsOfLength("strides", 2, 1);
        int[] dil = n.getIntsOfLength("dilations", 2, 1);
        String autoPad = n.getString("auto_pad", "NOTSET");
        Padding pad;
        try {
            switch (autoPad) {
                case "NOTSET" -> {
                    int[] p = n.getIntsOfLength("pads", 4, 0);
                    pad = new Padding(p[0], p[1], p[2], p[3]);
                }
                case "VALID" -> pad = Padding.NONE;
                case "SAME_UPPER", "SAME_LOWER" -> {
                    boolean upper = autoPad.equals("SAME_UPPER");
                    int th = samePad(x.shape().dim(1), strides[0], (kh - 1) * dil[0] + 1);
                    int tw = samePad(x.shape().dim(2), strides[1], (kw - 1) * dil[1] + 1);
                    // SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the beginning
                    int top = upper ? th / 2 : th - th / 2, left = upper ? tw / 2 : tw - tw / 2;
                    pad = new Padding(top, left, th - top, tw - left);
                }
                default -> throw n.error("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            return new Window(kh, kw, strides[0], strides[1], dil[0], dil[1], pad, ceil);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static int samePad(int in, int stride, int extent) {
        int out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + extent - in);
    }
}
