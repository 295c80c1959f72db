package dev.convoy.schedule;

import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Pool;
import dev.convoy.graph.Reshape;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer of a network as the simulator costs it, in execution order: the convolution-like layers
 * ({@link ConvLayer#of}) on the array and everything else as a {@link MemoryPass}.
 */
public final class Workloads {
    private Workloads() {
    }

    /**
     * @param g an fp32 graph (after the passes)
     * @return its stages
     */
    public static List<Stage> of(Graph g) {
        Map<String, ConvLayer> convs = new HashMap<>();
        ConvLayer.of(g).forEach(l -> convs.put(l.name(), l));
        List<Stage> out = new ArrayList<>();
        for (Node node : g.nodes()) {
            ConvLayer c = convs.get(node.name());
            if (c != null) {
                out.add(c);
                continue;
            }
            long read = 0;
            for (String in : node.inputs()) {
                if (g.constants().containsKey(in)) {
                    continue;
                }
                read += g.value(in).shape().size();
            }
            long write = g.value(node.output()).shape().size();
            MemoryPass.Kind kind;
            if (node.op() instanceof Reshape || node.op() instanceof Flatten) {
                kind = MemoryPass.Kind.VIEW;
            } else if ((node.op() instanceof Pool || node.op() instanceof GlobalPool) && fromConv(g, node.inputs().get(0))) {
                kind = MemoryPass.Kind.POOL_AFTER_CONV;
            } else {
                kind = MemoryPass.Kind.DRAM;
            }
            out.add(new MemoryPass(node.name(), node.op().type(), read, write, kind));
        }
        return out;
    }

    /** @return whether the value comes from a convolution, directly or through an activation */
    private static boolean fromConv(Graph g, String value) {
        Node p = g.producer(value);
        while (p != null && p.op() instanceof ActivationLayer) {
            p = g.producer(p.inputs().get(0));
        }
        return p != null && (p.op() instanceof Conv || p.op() instanceof Dense);
    }

    /**
     * @param q a quantized model
     * @return its stages: integer convolutions on the array, the other integer layers as passes, fp32 islands
     *     on the host
     */
    public static List<Stage> of(QuantizedModel q) {
        Map<String, ConvLayer> convs = new HashMap<>();
        ConvLayer.of(q).forEach(l -> convs.put(l.name(), l));
        Map<String, QNode> producers = new HashMap<>();
        List<Stage> out = new ArrayList<>();
        for (QNode node : q.layers()) {
            producers.put(node.output(), node);
            ConvLayer c = convs.get(node.name());
            if (c != null) {
                out.add(c);
                continue;
            }
            long read = 0;
            for (String in : node.inputs()) {
                read += q.shapes().containsKey(in) ? q.shapes().get(in).size() : 0;
            }
            long write = q.shapes().containsKey(node.output()) ? q.shapes().get(node.output()).size() : 0;
            QNode from = producers.get(node.inputs().get(0));
            MemoryPass.Kind kind = MemoryPass.Kind.DRAM;
            if (node.layer() instanceof QLayer.QReshape) {
                kind = MemoryPass.Kind.VIEW;
            } else if (node.layer() instanceof QLayer.QFloat) {
                kind = MemoryPass.Kind.HOST;
            } else if (node.layer() instanceof QLayer.QMaxPool && from != null && from.layer() instanceof QLayer.QConv) {
                kind = MemoryPass.Kind.POOL_AFTER_CONV;
            }
            out.add(new MemoryPass(node.name(), node.layer().type(), read, write, kind));
        }
        return out;
    }
}
