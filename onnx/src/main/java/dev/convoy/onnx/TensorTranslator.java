package dev.convoy.onnx;

import dev.convoy.graph.Concat;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.Pad;
import dev.convoy.graph.PadMode;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Softmax;
import dev.convoy.graph.Value;
import java.util.ArrayList;
import java.util.List;

/** Flatten, Reshape, Concat, Pad, Softmax, and the pass-through Identity and Dropout. */
final class TensorTranslator {
    private TensorTranslator() {
    }

    static void flatten(OnnxNode n, ImportState s) {
        s.emit(n, new Flatten((int) n.getInt("axis", 1)), List.of(s.irInput(n, n.input(0))));
    }

    static void reshape(OnnxNode n, ImportState s) {
        long[] target = s.constant(n, n.input(1), "shape").longs();
        boolean allowZero = n.getInt("allowzero", 0) != 0;
        s.emit(n, new Reshape(target, allowZero, s.staticBatch()), List.of(s.irInput(n, n.input(0))));
    }

    static void concat(OnnxNode n, ImportState s) {
        if (!n.has("axis")) {
            throw n.error("attribute 'axis' is required");
        }
        List<String> ins = new ArrayList<>();
        for (String in : n.inputs()) {
            ins.add(s.irInput(n, in));
        }
        s.emit(n, new Concat((int) n.getInt("axis", 0)), ins);
    }

    static void softmax(OnnxNode n, ImportState s) {
        boolean old = n.opset() < 13;
        s.emit(n, new Softmax((int) n.getInt("axis", old ? 1 : -1), old), List.of(s.irInput(n, n.input(0))));
    }

    static void passThrough(OnnxNode n, ImportState s) {
        if (n.type().equals("Dropout")) {
            if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                throw n.error("the mask output is a training feature and is not supported");
            }
            if (!n.input(2).isEmpty() && s.constant(n, n.input(2), "training_mode").values()[0] != 0) {
                throw n.error("training_mode=true is not supported; export the model in eval mode");
            }
        }
        if (!s.isKnown(n.input(0))) {
            throw n.error("input '" + n.input(0) + "' is not produced before this node");
        }
        s.alias(n.output(), n.input(0));
    }

    static void pad(OnnxNode n, ImportState s) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        int fullRank = x.shape().rank() + 1;
        long[] pads = s.constant(n, n.input(1), "pads").longs();
        float value = n.input(2).isEmpty() ? 0f : (float) s.constant(n, n.input(2), "constant_value").values()[0];
        long[] axes = n.input(3).isEmpty() ? null : s.constant(n, n.input(3), "axes").longs();
        int count = axes == null ? fullRank : axes.length;
        if (pads.length != 2 * count) {
            throw n.error("pads has " + pads.length + " entries, expected " + 2 * count);
        }
        long[] begin = new long[fullRank], end = new long[fullRank];
        for (int k = 0; k < count; k++) {
            long a = axes == null ? k : axes[k];
            int ax = (int) (a < 0 ? a + fullRank : a);
            if (ax < 0 || ax >= fullRank) {
                throw n.error("axis " + a + " out of range");
            }
            begin[ax] = pads[k];
            end[ax] = pads[k + count];
        }
        if (begin[0] != 0 || end[0] != 0) {
            throw n.error("padding the batch dimension is not supported");
        }
        int[] b = new int[fullRank - 1], e = new int[fullRank - 1];
        for (int i = 1; i < fullRank; i++) {
            if (Math.abs(begin[i]) > 1 << 20 || Math.abs(end[i]) > 1 << 20) {
                throw n.error("pads " + java.util.Arrays.toString(pads) + " are absurdly large");
            }
            b[i - 1] = (int) begin[i];
            e[i - 1] = (int) end[i];
        }
        String mode = n.getString("mode", "constant");
        PadMode m = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            case "edge" -> PadMode.EDGE;
            default -> throw n.error("mode '" + mode + "' is not supported (constant, reflect, edge)");
        };
        Pad p;
        try {
            p = new Pad(b, e, m, value);
        } catch (IllegalArgumentException ex) {
            throw n.error(ex.getMessage());
        }
        s.emit(n, p, List.of(s.irInput(n, n.input(0))));
    }
}
