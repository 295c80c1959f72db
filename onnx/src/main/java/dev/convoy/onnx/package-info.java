/**
 * ONNX import: reads a {@code .onnx} file (protobuf classes from Tribuo's {@code tribuo-util-onnx}), checks
 * it, evaluates shape arithmetic (Shape/Gather/Unsqueeze/Concat chains) at import, and translates every
 * other node into the IR of {@code dev.convoy.graph}. Enters: a file; leaves: a {@link dev.convoy.graph.Graph}.
 */
package dev.convoy.onnx;
