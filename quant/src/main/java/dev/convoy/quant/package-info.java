/**
 * Post-training quantization: numeric schemes (int8, int16, power-of-two fixed point), calibration of
 * activation ranges on sample images (minmax, percentile, KL entropy, MSE), and the {@link
 * dev.convoy.quant.Quantizer} that turns an fp32 {@link dev.convoy.graph.Graph} into a {@link
 * dev.convoy.quant.QuantizedModel}: integer weights, per-tensor activation formats and per-channel
 * requantization in one of three named modes. Every rounding comes from {@code dev.convoy.arith}.
 */
package dev.convoy.quant;
