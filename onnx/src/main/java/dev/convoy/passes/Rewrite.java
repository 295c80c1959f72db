package dev.convoy.passes;

import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import java.util.ArrayList;
import java.util.List;

/** The one rewrite the fusing passes share: a producer and its sole consumer become one node. */
final class Rewrite {
    private Rewrite() {
    }

    /**
     * @param g        the graph
     * @param consumer a node
     * @param input    which of its inputs
     * @return the node producing that input if the consumer is its only reader and it is not a graph output;
     *     null otherwise
     */
    static Node soleProducer(Graph g, Node consumer, int input) {
        String value = consumer.inputs().get(input);
        Node p = g.producer(value);
        if (p == null || g.isOutput(value) || g.consumers(value).size() != 1) {
            return null;
        }
        return p;
    }

    /**
     * @param nodes    the node list being rebuilt (modified)
     * @param producer the earlier node
     * @param consumer its sole consumer, removed
     * @param merged   the operator replacing both; it reads the producer's inputs and writes the consumer's output
     */
    static void merge(List<Node> nodes, Node producer, Node consumer, Op merged) {
        int at = nodes.indexOf(producer);
        nodes.set(at, new Node(producer.name(), merged, producer.inputs(), consumer.output()));
        nodes.remove(consumer);
    }

    /**
     * @param nodes    the node list being rebuilt
     * @param original a node of the original graph
     * @return the node in the list now producing the original's output (it may have been merged already)
     */
    static Node current(List<Node> nodes, Node original) {
        for (Node n : nodes) {
            if (n.output().equals(original.output())) {
                return n;
            }
        }
        throw new IllegalStateException("no node produces " + original.output());
    }

    /** @return a mutable copy of the graph's nodes */
    static List<Node> nodes(Graph g) {
        return new ArrayList<>(g.nodes());
    }
}
