package dev.convoy.engine;

import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Value;
import dev.convoy.onnx.ImportPolicy;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.onnx.ImportedModel;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model as read once from its file: an fp32 graph (as imported; the standard passes run once, on first
 * use) or a quantized model Convoy exported. Its SHA-256 travels into every report's provenance.
 */
public final class Model {
    /**
     * Per-sample input shape used where a model leaves its input's spatial size symbolic: one 28×28 channel,
     * the shape of the bundled Fashion-MNIST models.
     */
    public static final Shape DEFAULT_SAMPLE = Shape.of(1, 28, 28);

    private final String label;
    private final String sha256;
    private final Graph imported;
    private final QuantizedModel quantized;
    private final java.util.Map<String, String> metadata;
    private Graph optimized;
    private Graph prepared;

    private Model(String label, String sha256, Graph imported, QuantizedModel quantized, java.util.Map<String, String> metadata) {
        this.metadata = java.util.Map.copyOf(metadata);
        this.label = label;
        this.sha256 = sha256;
        this.imported = imported;
        this.quantized = quantized;
    }

    /**
     * @param file an ONNX file, fp32 or quantized by Convoy
     * @return the model, parsed once
     * @throws BadInputException naming the file for anything unreadable
     */
    public static Model load(Path file) {
        return load(file, ImportPolicy.STRICT);
    }

    /**
     * @param file   an ONNX file, fp32 or quantized by Convoy
     * @param policy what the importer tolerates (non-finite weights)
     * @return the model, parsed once
     * @throws BadInputException naming the file for anything unreadable
     */
    public static Model load(Path file, ImportPolicy policy) {
        return of(OnnxImporter.readBytes(file), file.toString(), file.getFileName().toString().replaceFirst("\\.onnx$", ""), policy);
    }

    /**
     * @param in    an ONNX model's bytes (closed by the caller)
     * @param label a name for messages, e.g. the resource's
     * @return the model
     * @throws BadInputException naming the label for anything unreadable
     */
    public static Model load(InputStream in, String label) {
        try {
            return of(in.readAllBytes(), label, label.replaceFirst("\\.onnx.*$", ""), ImportPolicy.STRICT);
        } catch (IOException e) {
            throw new BadInputException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Model of(byte[] bytes, String label, String name, ImportPolicy policy) {
        ImportedModel m = ImportedModel.of(bytes, label, name, DEFAULT_SAMPLE, policy);
        return new Model(label, sha256(bytes), m.graph(), m.quantized(), m.metadata());
    }

    /**
     * @param graph an fp32 graph built in code or imported elsewhere
     * @return the model (no file, so no hash)
     */
    public static Model of(Graph graph) {
        return new Model(graph.name(), null, graph, null, java.util.Map.of());
    }

    /**
     * @param q a quantized model, e.g. from {@code Quantizer.quantize}
     * @return the model (no file, so no hash)
     */
    public static Model of(QuantizedModel q) {
        return new Model(q.name(), null, null, q, java.util.Map.of());
    }

    /**
     * @return the ONNX file's metadata_props (empty for a model built in code); a model quantized by Convoy keeps
     *         the preprocessing its calibration used under {@code convoy.preprocessing}
     */
    public java.util.Map<String, String> metadata() {
        return metadata;
    }

    /** @return the file (or resource) it came from, for messages */
    public String label() {
        return label;
    }

    /** @return the SHA-256 of the file's bytes, lower-case hex, or null for a model built in code */
    public String sha256() {
        return sha256;
    }

    /** @return whether it is a quantized model */
    public boolean isQuantized() {
        return quantized != null;
    }

    /** @return the fp32 graph as imported (no passes), or null for a quantized model */
    public Graph imported() {
        return imported;
    }

    /** @return the fp32 graph after the standard passes (run once, on first call), or null for a quantized model */
    public synchronized Graph optimized() {
        if (optimized == null && imported != null) {
            optimized = Passes.standard(imported);
        }
        return optimized;
    }

    /**
     * @return the fp32 graph as quantization and validation take it ({@code Quantizer.prepare}: constants,
     *         BatchNorm and biases folded, activations left standalone), made once on first call; null for a
     *         quantized model
     */
    public synchronized Graph prepared() {
        if (prepared == null && imported != null) {
            prepared = Quantizer.prepare(imported);
        }
        return prepared;
    }

    /** @return the quantized model, or null for an fp32 one */
    public QuantizedModel quantized() {
        return quantized;
    }

    /**
     * @param what what needs the fp32 model, for the message, e.g. "validate"
     * @return the fp32 graph as imported
     * @throws BadInputException when the file is already quantized
     */
    public Graph requireFloat(String what) {
        if (imported == null) {
            throw new BadInputException(label + ": is already quantized; " + what + " takes the fp32 model");
        }
        return imported;
    }

    /** @return the model's (first) input */
    public Value input() {
        return quantized != null ? quantized.prelude().inputs().get(0) : imported.inputs().get(0);
    }

    /**
     * Checks a batch of images fits the model input, flattening it when the model takes vectors of the same
     * size (an MLP on 784 pixels).
     *
     * @param images  [N, C, H, W]
     * @param dataset the images' name, for messages
     * @return the batch shaped for the model
     * @throws BadInputException naming the input and both shapes when they do not fit
     */
    public Tensor fit(Tensor images, String dataset) {
        if (imported != null && imported.inputs().size() != 1) {
            throw new BadInputException(label + ": has " + imported.inputs().size() + " inputs; Convoy feeds images to single-input models");
        }
        Value in = input();
        Shape sample = images.shape().dropFirst();
        if (in.shape().equals(sample)) {
            return images;
        }
        if (in.shape().size() == sample.size()) {
            return new Tensor(in.shape().withBatch(images.shape().dim(0)), images.data());
        }
        throw new BadInputException(label + ": model input '" + in.name() + "' expects " + in.describe() + " but " + dataset
                + " images are " + new Value("", sample, true).describe());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
