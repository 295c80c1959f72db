package dev.convoy.quant;

import dev.convoy.graph.Graph;
import dev.convoy.tensor.Shape;
import java.util.List;
import java.util.Map;

/**
 * A quantized network: an fp32 prelude (input normalisation), the input quantization, integer layers, the
 * output dequantization and an fp32 epilogue (a final Softmax). Everything between the quantize and the
 * dequantize is integer-only.
 *
 * @param name            model name
 * @param options         how it was quantized
 * @param prelude         fp32 graph from the model input to {@code quantizedInput} (no nodes if none)
 * @param quantizedInput  the value where integers begin
 * @param layers          integer layers in execution order
 * @param formats         every integer value's format, by value name
 * @param shapes          every integer value's per-sample shape
 * @param integerOutput   the value where integers end
 * @param epilogue        fp32 graph from the dequantized {@code integerOutput} to the model output
 */
public record QuantizedModel(String name, QuantOptions options, Graph prelude, String quantizedInput,
                             List<QNode> layers, Map<String, ActQuant> formats, Map<String, Shape> shapes,
                             String integerOutput, Graph epilogue) {
    /** Copies the collections. */
    public QuantizedModel {
        layers = List.copyOf(layers);
        formats = Map.copyOf(formats);
        shapes = Map.copyOf(shapes);
    }

    /**
     * @return the nodes kept in fp32 (in islands), by name in execution order, with the reason; a ReLU/Clip folded
     *     into an fp32 node is not listed apart from it
     */
    public Map<String, String> islands() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (QNode n : layers) {
            if (n.layer() instanceof QLayer.QFloat f) {
                for (dev.convoy.graph.Node node : f.graph().nodes()) {
                    if (!node.name().endsWith("/clamp")) {
                        out.put(node.name(), f.reason());
                    }
                }
            }
        }
        return out;
    }
}
