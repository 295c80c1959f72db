package dev.convoy.reference;

import dev.convoy.graph.Node;
import dev.convoy.tensor.Tensor;

/** Receives every node's output as the backend computes it (per-layer validation, debugging). */
@FunctionalInterface
public interface ValueTap {
    /**
     * @param node   the node that ran
     * @param output its output, [N, per-sample shape...] when batched; must not be modified
     */
    void accept(Node node, Tensor output);
}
