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
    private final dev.convoy.opencl.OpenClBackend device;
    private final IntegerBackend integer;
    private final String description;
    private final dev.convoy.opencl.OpenClContext cl;

    private ModelRunner(LoadedModel model, ReferenceBackend fp32, dev.convoy.opencl.OpenClBackend device, IntegerBackend integer,
                        String description, dev.convoy.opencl.OpenClContext cl) {
        this.model = model;
        this.fp32 = fp32;
        this.device = device;
        this.integer = integer;
        this.description = description;
        this.cl = cl;
    }

    /** Opens the OpenCL device, or says why not and returns null (the CPU does the work). */
    private static dev.convoy.opencl.OpenClContext openCl(String device, PrintWriter err) {
        if (device == null) {
            return null;
        }
        try {
            return dev.convoy.opencl.OpenClContext.open(device);
        } catch (BadInputException e) {
            err.println("convoy: " + e.getMessage() + "; running on the CPU instead");
            err.flush();
            return null;
        }
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
        return of(m, precision, quant, dataDir, err, null, null, 100);
    }

    /**
     * @param device OpenCL device (number or name part), or null for the CPU
     * @param tuning the tuning database file (read when it exists), or null
     * @param batch  the batch size the kernels are tuned for
     */
    static ModelRunner of(LoadedModel m, String precision, QuantOptionsMixin quant, Path dataDir, PrintWriter err, String device,
                          Path tuning, int batch) {
        if (m.quantized() != null) {
            if (precision != null && !precision.equalsIgnoreCase(m.quantized().options().scheme().toString())) {
                throw new BadInputException(m.label() + ": is already quantized (" + m.quantized().options().scheme()
                        + "); --precision " + precision + " needs the fp32 model");
            }
            return integer(m, m.quantized(), openCl(device, err));
        }
        if (precision == null || precision.equalsIgnoreCase("fp32")) {
            dev.convoy.opencl.OpenClContext cl = openCl(device, err);
            if (cl == null) {
                return new ModelRunner(m, new ReferenceBackend(m.graph()), null, null, "fp32 reference", null);
            }
            dev.convoy.opencl.TuningDatabase db = tuning == null ? dev.convoy.opencl.TuningDatabase.empty()
                    : dev.convoy.opencl.TuningDatabase.load(tuning);
            dev.convoy.opencl.OpenClBackend b = new dev.convoy.opencl.OpenClBackend(m.graph(), cl, db, batch, note -> {
                err.println("convoy: " + note);
                err.flush();
            });
            String host = b.hostNodes().isEmpty() ? "" : " (on the CPU: " + String.join(", ", b.hostNodes()) + ")";
            return new ModelRunner(m, null, b, null, "fp32 on " + cl.device().name() + host, cl);
        }
        QuantOptions o = quant.options(Scheme.parse(precision));
        LabelledImages calib = QuantOptionsMixin.calibrationImages(dataDir, o);
        QuantizedModel q = Quantizer.quantize(m.imported(), calib, o, new ProgressBar(err, "calibrate"));
        return integer(m, q, openCl(device, err));
    }

    private static ModelRunner integer(LoadedModel m, QuantizedModel q, dev.convoy.opencl.OpenClContext cl) {
        IntegerBackend b = cl == null ? new IntegerBackend(q) : new IntegerBackend(q, new dev.convoy.opencl.OpenClIntegerLayers(cl, q));
        return new ModelRunner(m, null, null, b, (cl == null ? "integer reference" : b.engine()) + ", " + q.options().describe(), cl);
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
        return fp32 != null ? fp32.run(x) : device != null ? device.run(x) : integer.run(x);
    }

    @Override
    public void close() {
        if (fp32 != null) {
            fp32.close();
        }
        if (integer != null) {
            integer.close();
        }
        if (device != null) {
            device.close();
        }
        if (cl != null) {
            cl.close();
        }
    }
}
