package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Value;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A model as the commands use it: imported, and optimised by the standard passes.
 *
 * @param label    the file (or resource) it came from
 * @param imported the graph as imported
 * @param graph    the graph after the standard passes
 */
record LoadedModel(String label, Graph imported, Graph graph) {
    /** Fashion-MNIST's image shape, used where a model leaves its input's spatial size symbolic. */
    static final Shape IMAGE = Shape.of(1, 28, 28);

    static LoadedModel load(Path file) {
        Graph g = OnnxImporter.load(file, IMAGE);
        return new LoadedModel(file.toString(), g, Passes.standard(g));
    }

    /** Loads the ResNet fixture bundled in the jar. */
    static LoadedModel demo() {
        try (InputStream in = LoadedModel.class.getResourceAsStream("demo/resnet.onnx")) {
            if (in == null) {
                throw new IllegalStateException("the bundled demo model is missing from the jar");
            }
            Graph g = OnnxImporter.load(in, "resnet.onnx (bundled)");
            return new LoadedModel("resnet.onnx (bundled)", g, Passes.standard(g));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
        if (graph.inputs().size() != 1) {
            throw new BadInputException(label + ": has " + graph.inputs().size() + " inputs; Convoy feeds images to single-input models");
        }
        Value in = graph.inputs().get(0);
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
