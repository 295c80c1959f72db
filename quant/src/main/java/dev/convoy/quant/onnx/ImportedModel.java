package dev.convoy.quant.onnx;

import dev.convoy.onnx.OnnxImporter;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import java.nio.file.Path;

/**
 * What an .onnx file holds: an fp32 model (a {@link Graph}) or a quantized one (a {@link QuantizedModel});
 * exactly one is non-null.
 *
 * @param graph     the fp32 model, or null
 * @param quantized the quantized model, or null
 */
public record ImportedModel(Graph graph, QuantizedModel quantized) {
    /**
     * @param file        an .onnx file
     * @param sampleShape per-sample input shape for models with symbolic image sizes, or null
     * @return the model, read by the importer its contents call for
     * @throws BadInputException naming the file for anything unreadable
     */
    public static ImportedModel load(Path file, Shape sampleShape) {
        ModelProto m = OnnxImporter.read(file);
        if (QuantizedOnnxReader.isQuantized(m)) {
            return new ImportedModel(null, QuantizedOnnxReader.read(file));
        }
        return new ImportedModel(OnnxImporter.load(file, sampleShape), null);
    }

    /** @return whether the file holds a quantized model */
    public boolean isQuantized() {
        return quantized != null;
    }
}
