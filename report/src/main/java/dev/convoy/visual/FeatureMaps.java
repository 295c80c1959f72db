package dev.convoy.visual;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Pool;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The feature maps of one image at every convolution and pooling layer, fp32 and quantized. */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /**
     * One layer's maps for one image.
     *
     * @param node      the layer
     * @param op        its operator (activation fused after a '+')
     * @param planes    the output as planes (all channels, though only {@code shown} are kept)
     * @param shown     channels kept, the first ones
     * @param fp32      shown · H · W fp32 values
     * @param quantized the same channels of the quantized model, dequantized; null inside an fp32 island
     */
    public record Layer(String node, String op, Planes planes, int shown, float[] fp32, float[] quantized) {
        /** @return the largest |fp32 − quantized|, 0 without a quantized side */
        public double maxDifference() {
            double m = 0;
            if (quantized != null) {
                for (int i = 0; i < fp32.length; i++) {
                    m = Math.max(m, Math.abs(fp32[i] - quantized[i]));
                }
            }
            return m;
        }
    }

    /**
     * @param g the prepared fp32 graph
     * @return its convolution and pooling nodes whose outputs are maps (more than one value per channel)
     */
    public static List<Node> layers(Graph g) {
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if ((n.op() instanceof Conv || n.op() instanceof Pool) && Planes.of(g.value(n.output()).shape()).area() > 1) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * @param g a graph
     * @param n one of its nodes
     * @return the value that shows the layer's response: its output, or — when its only reader is an activation
     *     (which the quantizer fuses into it) — that activation's output
     */
    public static String response(Graph g, Node n) {
        java.util.List<Node> readers = g.consumers(n.output());
        if (readers.size() == 1 && readers.get(0).op() instanceof dev.convoy.graph.ActivationLayer && !g.isOutput(n.output())) {
            return readers.get(0).output();
        }
        return n.output();
    }

    /**
     * @param probe       both models
     * @param image       one input [1, ...]
     * @param maxChannels channels kept per layer
     * @return every map layer's maps, in execution order
     */
    public static List<Layer> of(Probe probe, Tensor image, int maxChannels) {
        Graph g = probe.graph();
        List<Node> layers = layers(g);
        Set<String> wanted = new LinkedHashSet<>();
        layers.forEach(n -> wanted.add(response(g, n)));
        var f = probe.fp32Values(image, wanted);
        var q = probe.quantizedValues(image, wanted);
        List<Layer> out = new ArrayList<>();
        for (Node n : layers) {
            String v = response(g, n);
            Planes p = Planes.of(g.value(v).shape());
            int shown = Math.min(maxChannels, p.channels());
            int len = shown * p.area();
            float[] qv = q.get(v);
            String op = n.op().type() + (n.op().fusesActivation() && n.op().activation() != dev.convoy.graph.Activation.NONE
                    ? "+" + n.op().activation().type() : v.equals(n.output()) ? "" : "+" + g.producer(v).op().type());
            out.add(new Layer(n.name(), op, p, shown, java.util.Arrays.copyOf(f.get(v), len),
                    qv == null ? null : java.util.Arrays.copyOf(qv, len)));
        }
        return out;
    }
}
