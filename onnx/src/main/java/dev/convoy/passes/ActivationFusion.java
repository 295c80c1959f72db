package dev.convoy.passes;

import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import java.util.List;

/**
 * Fuses a standalone activation into the Conv, Dense, BatchNorm or arithmetic node that produces its input,
 * when that node has no activation yet and the activation is its only reader.
 */
public final class ActivationFusion {
    private ActivationFusion() {
    }

    /**
     * @param g a graph
     * @return the graph with every fusable activation fused
     */
    public static Graph apply(Graph g) {
        List<Node> nodes = Rewrite.nodes(g);
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof ActivationLayer a)) {
                continue;
            }
            Node p = Rewrite.soleProducer(g, n, 0);
            if (p == null) {
                continue;
            }
            Node current = Rewrite.current(nodes, p);
            if (current.op().fusesActivation() && current.op().activation() == Activation.NONE) {
                Rewrite.merge(nodes, current, n, current.op().withActivation(a.function()));
            }
        }
        return g.with(nodes, g.constants());
    }
}
