package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.aparapi.AparapiBackend;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.BatchStream;
import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.Scheme;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The engine a command runs a model on, chosen by precision and {@code --device}: the fp32 reference,
 * the OpenCL or Aparapi fp32 backends, or the integer path on the reference, the simulator's tiles, an
 * OpenCL device or a precompiled (FPGA) kernel set.
 */
final class ModelRunner implements AutoCloseable {
    private final LoadedModel model;
    private final Function<Tensor, Tensor> run;
    private final BatchStream stream;
    private final String description;
    private final AparapiBackend aparapi;
    private final List<AutoCloseable> resources;

    private ModelRunner(LoadedModel model, Function<Tensor, Tensor> run, String description, AparapiBackend aparapi,
                        List<AutoCloseable> resources) {
        this(model, run, null, description, aparapi, resources);
    }

    /** @param stream how batches stream through the engine, or null for one call per batch */
    private ModelRunner(LoadedModel model, Function<Tensor, Tensor> run, BatchStream stream, String description, AparapiBackend aparapi,
                        List<AutoCloseable> resources) {
        this.model = model;
        this.run = run;
        this.stream = stream;
        this.description = description;
        this.aparapi = aparapi;
        this.resources = resources;
    }

    /** Opens the OpenCL device, or says why not and returns null (the CPU does the work). */
    static OpenClContext openCl(DeviceChoice device, PrintWriter err) {
        if (device.kind() != DeviceChoice.Kind.OPENCL) {
            return null;
        }
        try {
            return OpenClContext.open(device.opencl());
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
     * @return the runner, on the CPU
     */
    static ModelRunner of(LoadedModel m, String precision, QuantOptionsMixin quant, Path dataDir, PrintWriter err) {
        PrecisionOptions p = new PrecisionOptions();
        p.precision = precision;
        p.quant = quant;
        return of(m, p, dataDir, err, 100);
    }

    /**
     * @param p       --precision, --device, --binary, --hw, --tuning
     * @param dataDir Fashion-MNIST directory (calibration images)
     * @param err     where progress and fallback notes go
     * @param batch   the batch size the kernels are tuned for
     * @return the runner
     */
    static ModelRunner of(LoadedModel m, PrecisionOptions p, Path dataDir, PrintWriter err, int batch) {
        DeviceChoice device = p.choice();
        QuantizedModel q = m.quantized();
        if (q != null && p.precision != null && !p.precision.equalsIgnoreCase(q.options().scheme().toString())) {
            throw new BadInputException(m.label() + ": is already quantized (" + q.options().scheme() + "); --precision " + p.precision
                    + " needs the fp32 model");
        }
        boolean fp32 = q == null && (p.precision == null || p.precision.equalsIgnoreCase("fp32"));
        if (fp32) {
            return fp32(m, p, device, err, batch);
        }
        if (device.kind() == DeviceChoice.Kind.APARAPI) {
            throw new BadInputException("--device aparapi runs fp32 networks; integer precisions run on cpu, sim or opencl");
        }
        if (q == null) {
            QuantOptions o = p.quant.options(Scheme.parse(p.precision));
            LabelledImages calib = QuantOptionsMixin.calibrationImages(dataDir, o);
            q = Quantizer.quantize(m.imported(), calib, o, new ProgressBar(err, "calibrate"));
        }
        return integer(m, q, p, device, err);
    }

    private static ModelRunner fp32(LoadedModel m, PrecisionOptions p, DeviceChoice device, PrintWriter err, int batch) {
        switch (device.kind()) {
            case SIM -> throw new BadInputException("--device sim runs integer precisions; add --precision int8, int16 or fixed:W");
            case APARAPI -> {
                AparapiBackend b = new AparapiBackend(m.graph());
                return new ModelRunner(m, b::run, "fp32 on Aparapi", b, List.of(b));
            }
            default -> {
            }
        }
        OpenClContext cl = openCl(device, err);
        if (cl == null) {
            ReferenceBackend b = new ReferenceBackend(m.graph());
            return new ModelRunner(m, b::run, "fp32 reference", null, List.of(b));
        }
        TuningDatabase db = p.tuning == null ? TuningDatabase.empty() : TuningDatabase.load(p.tuning);
        OpenClBackend b = new OpenClBackend(m.graph(), cl, db, batch, note -> {
            err.println("convoy: " + note);
            err.flush();
        });
        String host = b.hostNodes().isEmpty() ? "" : " (on the CPU: " + String.join(", ", b.hostNodes()) + ")";
        BatchStream stream = p.noOverlap ? null : b::stream;
        String how = p.noOverlap ? ", batches one at a time" : "";
        return new ModelRunner(m, b::run, stream, "fp32 on " + cl.device().name() + host + how, null, List.of(b, cl));
    }

    private static ModelRunner integer(LoadedModel m, QuantizedModel q, PrecisionOptions p, DeviceChoice device, PrintWriter err) {
        IntegerEngine e = IntegerEngine.open(q, device, p.binary, p.hw, err);
        return new ModelRunner(m, e.backend()::run, e.where() + ", " + q.options().describe(), null, List.of(e));
    }

    /** @return e.g. "fp32 reference"; for Aparapi, where each layer ran */
    String description() {
        return aparapi == null ? description : description + " (" + aparapi.summary() + ")";
    }

    /**
     * @param images [N, C, H, W]
     * @param name   dataset name for messages
     * @return the model's outputs
     */
    Tensor run(Tensor images, String name) {
        return run.apply(model.fit(images, name));
    }

    /**
     * @param name dataset name for messages
     * @return the engine fed a stream of batches [N, C, H, W]; on OpenCL, transfers overlap compute
     */
    BatchStream stream(String name) {
        if (stream == null) {
            return BatchStream.of(x -> run(x, name));
        }
        return (batches, outputs) -> stream.run(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Tensor next() {
                return model.fit(batches.next(), name);
            }
        }, outputs);
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
