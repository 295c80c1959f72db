/**
 * Quantized models as ONNX files: {@link dev.convoy.quant.onnx.QuantizedOnnxWriter} (QLinearConv for 8-bit, QDQ for 16-bit; the requantization mode in metadata_props), {@link dev.convoy.quant.onnx.QuantizedOnnxReader} (back to the exact {@code QuantizedModel}), and {@link dev.convoy.quant.onnx.ImportedModel}, which parses a file once and hands it to the fp32 or the quantized importer.
 */
package dev.convoy.quant.onnx;
