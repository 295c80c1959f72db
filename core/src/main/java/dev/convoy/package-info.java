/**
 * Convoy's host side. Data enters through {@code onnx} (models) and {@code data} (images), is described by
 * the IR in {@code graph}, rewritten by {@code passes}, run by {@code reference}, and leaves through
 * {@code report} and {@code io}.
 */
package dev.convoy;
