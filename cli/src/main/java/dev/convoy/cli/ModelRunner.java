package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.LabelledImages;
import dev.convoy.fixedpoint.IntegerBackend;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.Scheme;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The backend a command runs a model on: fp32 reference, or the integer reference for a quantized model. */
final class ModelRunner implements AutoCloseable {
    private final LoadedModel model;
    private final ReferenceBackend fp32;
    private final IntegerBackend integer;
    private final String description;

    private ModelRunner(LoadedModel model, ReferenceBackend fp32, IntegerBackend integer, String description) {
        this.model = model;
        this.fp32 = fp32;
        this.integer = integer;
        this.description = description;
    }

    /**
     * @param m         the model
     * @param precision fp32, int8, int16 or fixed:W (quantizing on the fly), or null for the file's own
     * @param quant     quantization options for on-the-fly quantization
     * @param dataDir   Fashion-MNIST directory (calibration images)
     * @param err       where calibration progress goes
     * @return the runner
     */
    static ModelRunner of(LoadedModel m, String precision, QuantOptionsMixin quant, Path dataDir, PrintWriter err) {
        if (m.quantized() != null) {
            if (precision != null && !precision.equalsIgnoreCase(m.quantized().options().scheme().toString())) {
                throw new BadInputException(m.label() + ": is already quantized (" + m.quantized().options().scheme()
                        + "); --precision " + precision + " needs the fp32 model");
            }
            return integer(m, m.quantized());
        }
        if (precision == null || precision.equalsIgnoreCase("fp32")) {
            return new ModelRunner(m, new ReferenceBackend(m.graph()), null, "fp32 reference");
        }
        QuantOptions o = quant.options(Scheme.parse(precision));
        LabelledImages calib = QuantOptionsMixin.calibrationImages(dataDir, o);
        QuantizedModel q = Quantizer.quantize(m.imported(), calib, o, new ProgressBar(err, "calibrate"));
        return integer(m, q);
    }

    private static ModelRunner integer(LoadedModel m, QuantizedModel q) {
        return new ModelRunner(m, null, new IntegerBackend(q), "integer reference, " + q.options().describe());
    }

    /** @return e.g. "fp32 reference" */
    String description() {
        return description;
    }

    /**
     * @param images [N, C, H, W]
     * @param name   dataset name for messages
     * @return the model's outputs
     */
    Tensor run(Tensor images, String name) {
        Tensor x = model.fit(images, name);
        return fp32 != null ? fp32.run(x) : integer.run(x);
    }

    @Override
    public void close() {
        if (fp32 != null) {
            fp32.close();
        }
        if (integer != null) {
            integer.close();
        }
    }
}
