package dev.convoy.graph;

import java.util.List;

/**
 * One operator application.
 *
 * @param name   the node's name (the ONNX node name, or a generated one when the model has none)
 * @param op     the operator
 * @param inputs names of the values it reads: graph inputs, other nodes' outputs, or constants
 * @param output name of the value it produces
 */
public record Node(String name, Op op, List<String> inputs, String output) {
    /** Copies the input list. */
    public Node {
        inputs = List.copyOf(inputs);
    }

    /**
     * @param replacement the new operator
     * @return this node running another operator
     */
    public Node withOp(Op replacement) {
        return new Node(name, replacement, inputs, output);
    }
}
