/**
 * Integer arithmetic with one definition of every rounding, saturation and requantization rule Convoy uses
 * (docs: NUMERICS.md of the project's design notes): the ap_fixed quantization and overflow modes, gemmlowp's
 * fixed-point multiplier (TFLite), and ONNX Runtime's float requantization. The integer reference, the
 * simulator and the OpenCL kernels' tests all call these; nothing else rounds.
 */
package dev.convoy.arith;
