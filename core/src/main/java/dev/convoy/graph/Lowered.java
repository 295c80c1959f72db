package dev.convoy.graph;

/**
 * What one ONNX node was before the importer lowered it into several IR nodes (a 1-D or 3-D convolution or
 * pooling run with 2-D kernels): its geometry per spatial axis and its own parameter and MAC counts, so reports
 * describe the layer the user wrote rather than its lowering.
 *
 * @param onnxName   the ONNX node's name
 * @param type       its operator (Conv, MaxPool, ...)
 * @param kernel     kernel extent per spatial axis of the original layer (1 entry for 1-D, 3 for 3-D)
 * @param stride     stride per spatial axis
 * @param dilation   dilation per spatial axis (1 for pooling)
 * @param parameters the original layer's learned parameters, in elements
 * @param macs       the original layer's multiply-accumulates per sample
 * @param unshared   parameters a locally-connected layer would need for the same mapping (0 for pooling)
 * @param dense      parameters a fully-connected layer would need for the same mapping (0 for pooling)
 */
public record Lowered(String onnxName, String type, int[] kernel, int[] stride, int[] dilation, long parameters, long macs,
                      long unshared, long dense) {
}
