/**
 * Graph passes: each takes a {@link dev.convoy.graph.Graph} and returns an equivalent one. Constant folding,
 * BatchNorm folding into Conv/Gemm, bias folding (MatMul + Add), activation fusion; {@link
 * dev.convoy.passes.Passes#standard} runs them in order. Each is tested to preserve the graph's outputs.
 */
package dev.convoy.passes;
