package dev.convoy.onnx;

import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import java.util.List;

/** Activations and the four arithmetic operators. */
final class ElementwiseTranslator {
    private ElementwiseTranslator() {
    }

    static void activation(OnnxNode n, ImportState s, Activation f) {
        s.emit(n, new ActivationLayer(f), List.of(s.irInput(n, n.input(0))));
    }

    static void leakyRelu(OnnxNode n, ImportState s) {
        activation(n, s, new Activation.LeakyRelu(n.getFloat("alpha", 0.01f)));
    }

    static void clip(OnnxNode n, ImportState s) {
        float min, max;
        if (n.opset() >= 11) {
            min = n.input(1).isEmpty() ? Float.NEGATIVE_INFINITY : scalar(n, s, 1, "min");
            max = n.input(2).isEmpty() ? Float.POSITIVE_INFINITY : scalar(n, s, 2, "max");
        } else {
            min = n.getFloat("min", -Float.MAX_VALUE);
            max = n.getFloat("max", Float.MAX_VALUE);
        }
        Activation clip;
        try {
            clip = new Activation.Clip(min, max);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        activation(n, s, clip);
    }

    private static float scalar(OnnxNode n, ImportState s, int i, String role) {
        ConstTensor c = s.constant(n, n.input(i), role);
        if (c.size() != 1) {
            throw n.error(role + " must be a scalar");
        }
        return (float) c.values()[0];
    }

    static void binary(OnnxNode n, ImportState s, BinaryKind kind) {
        s.emit(n, new Binary(kind, Activation.NONE), List.of(s.irInput(n, n.input(0)), s.irInput(n, n.input(1))));
    }
}
