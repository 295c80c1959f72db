package dev.convoy.report;

/**
 * One row of a model summary.
 *
 * @param name                     node name
 * @param op                       operator, with a fused activation after a '+' (e.g. {@code Conv+Relu})
 * @param outputShape              output shape, batch shown as N
 * @param parameters               learned parameters (weights + biases)
 * @param macs                     multiply-accumulates per image
 * @param receptiveField           input pixels one output element sees, "HxW"
 * @param locallyConnectedParameters conv only: parameters if every output position had its own kernel
 *                                 (and bias) — no weight sharing; 0 for other layers
 * @param fullyConnectedParameters conv only: parameters of a dense layer mapping the same input to the same
 *                                 output; 0 for other layers
 */
public record LayerSummary(String name, String op, String outputShape, long parameters, long macs,
                           String receptiveField, long locallyConnectedParameters, long fullyConnectedParameters) {
}
