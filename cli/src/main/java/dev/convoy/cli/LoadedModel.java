package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Value;
import dev.convoy.quant.onnx.ImportedModel;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A model as the commands use it: an fp32 graph (as imported, and after the standard passes), or a
 * quantized model read from a file Convoy exported.
 *
 * @param label     the file (or resource) it came from
 * @param imported  the fp32 graph as imported, or null for a quantized file
 * @param graph     the fp32 graph after the standard passes, or null
 * @param quantized the quantized model, or null
 */
record LoadedModel(String label, Graph imported, Graph graph, QuantizedModel quantized) {
    /** Fashion-MNIST's image shape, used where a model leaves its input's spatial size symbolic. */
    static final Shape IMAGE = Shape.of(1, 28, 28);

    static LoadedModel load(Path file) {
        ImportedModel m = ImportedModel.load(file, IMAGE);
        if (m.isQuantized()) {
            return new LoadedModel(file.toString(), null, null, m.quantized());
        }
        return new LoadedModel(file.toString(), m.graph(), Passes.standard(m.graph()), null);
    }

    /** Loads the ResNet fixture bundled in the jar. */
    static LoadedModel demo() {
        try (InputStream in = LoadedModel.class.getResourceAsStream("demo/resnet.onnx")) {
            if (in == null) {
                throw new IllegalStateException("the bundled demo model is missing from the jar");
            }
            Graph g = OnnxImporter.load(in, "resnet.onnx (bundled)");
            return new LoadedModel("resnet.onnx (bundled)", g, Passes.standard(g), null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the fp32 graph, or an error saying the file is already quantized */
    Graph requireFloat(String command) {
        if (imported == null) {
            throw new BadInputException(label + ": is already quantized; " + command + " takes the fp32 model");
        }
        return imported;
    }

    /** @return the convolution-like layers the tiling model sees: integer convolutions of a quantized model, else Conv and Gemm */
    java.util.List<dev.convoy.schedule.ConvLayer> convLayers() {
        return quantized != null ? dev.convoy.schedule.ConvLayer.of(quantized) : dev.convoy.schedule.ConvLayer.of(graph);
    }

    /** @return the model's input description */
    Value input() {
        return quantized != null ? quantized.prelude().inputs().get(0) : graph.inputs().get(0);
    }

    /**
     * Checks a batch of images fits the model input, flattening it when the model takes vectors of the same
     * size (an MLP on 784 pixels).
     *
     * @param images  [N, C, H, W]
     * @param dataset name for messages
     * @return the batch shaped for the model
     */
    Tensor fit(Tensor images, String dataset) {
        if (graph != null && graph.inputs().size() != 1) {
            throw new BadInputException(label + ": has " + graph.inputs().size() + " inputs; Convoy feeds images to single-input models");
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
}
