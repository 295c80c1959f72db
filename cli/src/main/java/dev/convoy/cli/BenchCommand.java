package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.engine.Provenance;
import dev.convoy.eval.BenchmarkResult;
import dev.convoy.eval.Benchmarks;
import dev.convoy.eval.LayerTime;
import dev.convoy.quant.QuantOptions;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy bench}: per-layer and whole-model fp32 timings on the CPU reference, Aparapi, an OpenCL device or the simulator. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a model (or the ResNet conv-layer suite) at its own precision (fp32, or a quantized file's format) after warm-up, over repeated runs: per-layer and total"
                + " time, images/s and GFLOP/s. Inputs are N(0,1) noise of the model's input shape (the time does not depend on the values).",
            "On OpenCL, layer times are device time from OpenCL events and the total is wall time including the input upload and"
                + " the output read-back; on the CPU both are wall time."})
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The .onnx model (or use --suite).")
    Path model;

    @Option(names = "--suite", paramLabel = "S", description = "resnet-conv: ResNet-18/50 3x3 and 1x1 convolution layers, each alone.")
    String suite;

    @Option(names = "--device", paramLabel = "D", description = "cpu (the fast CPU engine), reference (the plain-loop references),"
            + " aparapi (its kernels; wall time per layer),"
            + " opencl[:N|:NAME], opencl:N,M,... or opencl:all (several devices share each batch) (device time per layer from events), or sim: the cycle model's time on the --hw accelerator for"
            + " every layer over the batch (fully-connected weights reused across it; deterministic: one run) (default: ${DEFAULT-VALUE}).")
    String device = "opencl";

    @Option(names = "--hw", paramLabel = "HW", description = "Accelerator for --device sim, as for convoy simulate (default: ${DEFAULT-VALUE}).")
    String hw = Device.DEFAULT_ACCELERATOR;

    @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W: an fp32 model is quantized first"
            + " (default options, calibrated on 16 N(0,1) inputs: the time does not depend on the values); default: the file's own.")
    String precision;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Option(names = "--batch", paramLabel = "B", description = "Images per run (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--reps", paramLabel = "R", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int reps = 20;

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "Tuning database from convoy tune (default: ${DEFAULT-VALUE}).")
    Path tuning = PrecisionOptions.defaultTuning();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    /** What the JSON holds for one benchmarked graph. */
    record Result(String model, String device, String precision, int batch, int warmup, int reps, double medianMs, double minMs, double imagesPerS,
                  double gflops, double layerMs, double layerGflops, List<LayerTime> layers) {
    }

    /** The JSON file. */
    record Report(List<Result> results) {
    }

    @Override
    public Integer call() {
        Outputs.reading(model, hw, tuning).writing("--json", json);
        if ((model == null) == (suite == null)) {
            throw new BadInputException("bench: give a MODEL or --suite resnet-conv, not " + (model == null ? "neither" : "both"));
        }
        if (suite != null && !suite.equals("resnet-conv")) {
            throw new BadInputException("--suite " + suite + ": the suite is resnet-conv");
        }
        if (batch < 1 || warmup < 0 || reps < 1) {
            throw new BadInputException("--batch and --reps must be at least 1, --warmup at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Model> models = new ArrayList<>();
        if (model != null) {
            models.add(modelFile.load(model));
        } else {
            ConvSuite.RESNET.forEach(l -> models.add(Model.of(l.graph())));
        }
        // each model at its own precision: fp32, or the format a quantized file was exported in
        EngineRequest request = EngineRequest.on(PrecisionOptions.device(device, hw)).withTuning(tuning).withBatch(batch).withNotes(Notes.to(err))
                .withThreads(threads.value());
        Precision p = precision == null ? null : Flags.parse("--precision", precision, Precision::parse);
        if (p != null) {
            request = request.withPrecision(p).withProgress(new ProgressBar(err, "calibrate"));
        }
        List<Result> results = new ArrayList<>();
        Provenance provenance = null;
        for (Model m : models) {
            Tensor x = noise(m.input().shape().withBatch(batch));
            if (p != null && !p.isFloat() && !m.isQuantized()) {
                Tensor calib = noise(m.input().shape().withBatch(CALIBRATION_INPUTS));
                request = request.withQuantization(QuantOptions.defaults(p.scheme(), null),
                        () -> new LabelledImages("N(0,1) noise", calib, new int[CALIBRATION_INPUTS]));
            }
            String name = m.isQuantized() ? m.quantized().name() : m.optimized().name();
            try (Engine engine = Engines.openForTiming(m, request)) {
                BenchmarkResult r = Benchmarks.run(engine, x, warmup, reps);
                boolean once = engine.deterministic(); // the cycle model: one run says all
                Result res = new Result(name, engine.provenance().get("device"), engine.precision().toString(), batch, once ? 0 : warmup,
                        once ? 1 : reps, r.medianMs(), r.minMs(), r.imagesPerSecond(), r.gflops(), r.layerMs(), r.layerGflops(), r.layers());
                results.add(res);
                print(out, res, model != null);
                if (engine instanceof dev.convoy.engine.MultiDeviceEngine several) {
                    // each device's share of every run (warm-up included), timed on its own host thread
                    List<dev.convoy.engine.MultiDeviceEngine.DeviceThroughput> per = several.throughput();
                    for (int i = 0; i < per.size(); i++) {
                        dev.convoy.engine.MultiDeviceEngine.DeviceThroughput d = per.get(i);
                        out.printf(Locale.ROOT, "  device %d: %s: %,d images in %.3f s busy, %.1f images/s%n", i, d.device(), d.images(), d.seconds(),
                                d.imagesPerSecond());
                    }
                    out.printf(Locale.ROOT, "  total: %.1f images/s on %d devices%n", res.imagesPerS(), per.size());
                    out.flush();
                }
                if (provenance == null) {
                    provenance = Provenance.of(m, engine, null, null);
                }
                // later models would open the device again: the first fallback note is enough
                request = request.withNotes(note -> { });
            }
        }
        if (json != null) {
            JsonReport.write(json, new Report(results), provenance);
        }
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, Result r, boolean perLayer) {
        out.printf(Locale.ROOT, "%s on %s, batch %d, %s: median %.3f ms (min %.3f) over %d runs after %d warm-up; %.1f images/s, %.1f GFLOP/s;"
                        + " layers alone %.4f ms, %.1f GFLOP/s%n", r.model(), r.device(), r.batch(), r.precision(), r.medianMs(), r.minMs(), r.reps(), r.warmup(),
                r.imagesPerS(), r.gflops(), r.layerMs(), r.layerGflops());
        if (perLayer) {
            out.printf("%-28s %-18s %-32s %10s %10s%n", "layer", "type", "kernel", "ms", "GFLOP/s");
            for (LayerTime l : r.layers()) {
                out.printf(Locale.ROOT, "%-28s %-18s %-32s %10.4f %10s%n", l.node(), l.type(), l.kernel(), l.ms(),
                        l.flops() > 0 && l.ms() > 0 ? String.format(Locale.ROOT, "%.1f", l.flops() / l.ms() / 1e6) : "-");
            }
        }
        out.flush();
    }

    /** Inputs an fp32 model is calibrated on when benchmarked at an integer precision. */
    private static final int CALIBRATION_INPUTS = 16;

    private static Tensor noise(Shape s) {
        Random r = new Random(7);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(s, v);
    }
}
