package dev.convoy.quant.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.ImportPolicy;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import java.nio.file.Path;

/**
 * What an .onnx file holds: an fp32 model (a {@link Graph}) or a quantized one (a {@link QuantizedModel});
 * exactly one is non-null. The file is parsed once and handed to the importer its contents call for.
 *
 * @param graph     the fp32 model as imported (no passes applied), or null
 * @param quantized the quantized model, or null
 * @param metadata  the file's metadata_props (key → value, e.g. the preprocessing a quantized model was
 *                  calibrated with)
 */
public record ImportedModel(Graph graph, QuantizedModel quantized, java.util.Map<String, String> metadata) {
    /** Copies the metadata. */
    public ImportedModel {
        metadata = java.util.Map.copyOf(metadata);
    }

    /**
     * @param file        an .onnx file
     * @param sampleShape per-sample input shape for models with symbolic image sizes, or null
     * @return the model
     * @throws BadInputException naming the file for anything unreadable
     */
    public static ImportedModel load(Path file, Shape sampleShape) {
        return of(OnnxImporter.readBytes(file), file.toString(), file.getFileName().toString().replaceFirst("\\.onnx$", ""), sampleShape);
    }

    /**
     * @param bytes       the file's bytes
     * @param label       the file (or resource) name, for messages
     * @param name        the model's name
     * @param sampleShape per-sample input shape for models with symbolic image sizes, or null
     * @return the model
     * @throws BadInputException naming the label for anything unreadable
     */
    public static ImportedModel of(byte[] bytes, String label, String name, Shape sampleShape) {
        return of(bytes, label, name, sampleShape, ImportPolicy.STRICT);
    }

    /**
     * @param bytes       the file's bytes
     * @param label       the file (or resource) name, for messages
     * @param name        the model's name
     * @param sampleShape per-sample input shape for models with symbolic image sizes, or null
     * @param policy      what the fp32 importer tolerates (a quantized file's parameters are always checked)
     * @return the model
     * @throws BadInputException naming the label for anything unreadable
     */
    public static ImportedModel of(byte[] bytes, String label, String name, Shape sampleShape, ImportPolicy policy) {
        ModelProto m = OnnxImporter.parse(bytes, label);
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        m.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        if (QuantizedOnnxReader.isQuantized(m)) {
            return new ImportedModel(null, QuantizedOnnxReader.read(m, label, name), meta);
        }
        try {
            return new ImportedModel(OnnxImporter.translate(m, name, sampleShape, policy), null, meta);
        } catch (BadInputException e) {
            throw new BadInputException(label + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the file holds a quantized model */
    public boolean isQuantized() {
        return quantized != null;
    }
}
