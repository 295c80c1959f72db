/**
 * The integer reference backend: runs a {@link dev.convoy.quant.QuantizedModel} with integer storage,
 * 64-bit accumulation and the mode's requantization — the definition of Convoy's fixed-point numerics that
 * the simulator and the OpenCL kernels must equal bit for bit. Enters: images; leaves: dequantized outputs,
 * and every layer's integers on request.
 */
package dev.convoy.integer;
