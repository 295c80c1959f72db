package dev.convoy.engine;

import dev.convoy.Printable;
import dev.convoy.data.ImageSource;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.graph.Graph;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.util.Map;

/**
 * Finds where a non-finite output came from: the image is run once more, alone, through the fp32 reference
 * of the model as imported (its nodes named as in the file), and the first node whose output holds a NaN or
 * an infinity is named. One image, so the cost is one inference.
 */
public final class NonFiniteTrace {
    private NonFiniteTrace() {
    }

    /**
     * @param model  the model that produced the output
     * @param images the images of the run
     * @param e      the failure, with its image
     * @return the failure with its origin added (the input, a node, or the engine alone)
     */
    public static NonFiniteException locate(Model model, ImageSource images, NonFiniteException e) {
        if (e.image() < 0 || e.image() >= images.size()) {
            return e;
        }
        Tensor x = model.fit(images.images(e.image(), e.image() + 1), images.name());
        if (NonFiniteException.firstNonFinite(x.data()) >= 0) {
            return e.from("the input image itself");
        }
        if (model.isQuantized()) {
            // integer layers only make integers; a NaN can come from the fp32 prelude or epilogue alone
            return e.from("the fp32 part of the quantized model (before its QuantizeLinear or after its DequantizeLinear)");
        }
        Graph g = model.requireFloat("tracing");
        String[] first = {null};
        try (ReferenceBackend ref = new ReferenceBackend(g, 1)) {
            ref.run(Map.of(g.inputs().get(0).name(), x), (node, out) -> {
                if (first[0] == null && NonFiniteException.firstNonFinite(out.data()) >= 0) {
                    first[0] = "node " + Printable.name(node.name()) + " (" + node.op().type() + ")";
                }
            });
        }
        return e.from(first[0] != null ? first[0] : "the engine: the fp32 reference computes finite values for this image");
    }
}
