/**
 * Accuracy validation of a quantized model against its fp32 reference: top-1 of both, agreement, and per
 * layer the signal-to-quantization-noise ratio and largest error (hls4ml's trace, as a table). Enters: the
 * two models and test images; leaves: a {@link dev.convoy.validate.ValidationReport}.
 */
package dev.convoy.validate;
