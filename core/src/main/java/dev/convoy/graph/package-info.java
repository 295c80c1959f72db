/**
 * The intermediate representation: an immutable {@link dev.convoy.graph.Graph} of {@link dev.convoy.graph.Node}s
 * whose operators form the sealed {@link dev.convoy.graph.Op} hierarchy. Enters from {@code onnx} (or code),
 * leaves to {@code passes}, {@code reference} and {@code report}.
 *
 * <p>Batch convention: a value computed from the model input is <em>batched</em>; its {@link
 * dev.convoy.graph.Value#shape()} is the per-sample shape and the batch dimension stays implicit, so every
 * operator is batch-size independent (dynamic batch). Constants carry their literal ONNX shape.
 */
package dev.convoy.graph;
