package dev.convoy.cli;

import dev.convoy.data.ImageSource;
import dev.convoy.BadInputException;
import dev.convoy.engine.Engine;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Provenance;
import dev.convoy.engine.NonFiniteTrace;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.eval.EvalResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy eval}: top-1 accuracy and throughput on the Fashion-MNIST test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1 accuracy and images/s of a model on the Fashion-MNIST test images: fp32 reference, or the "
                + "integer reference for a quantized model or --precision.")
final class EvalCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model file (fp32, or quantized by convoy quantize).")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    BatchOption batch;

    @Mixin
    PrecisionOptions precision;

    @Option(names = "--top-k", paramLabel = "K", description = "Also report top-K accuracy (default: ${DEFAULT-VALUE}).")
    int topK = 5;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON (keys top1, images, images_per_s, ...).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model, precision.binary, precision.hw, precision.tuning).writing("--json", json);
        int b = batch.value();
        Model m = modelFile.load(model);
        precision.check(m);
        PrintWriter err = spec.commandLine().getErr();
        try (ImageSource images = data.testImages(m); Engine engine = Engines.open(m, precision.request(data, m, b, err))) {
            EvalResult r;
            try {
                if (topK < 1) {
                    throw new BadInputException("--top-k must be at least 1, got " + topK);
                }
                r = BatchedRun.evaluateStream(engine.images(images.name()), images, b, new ProgressBar(err, "eval"), topK);
            } catch (NonFiniteException e) {
                throw NonFiniteTrace.locate(m, images, e);
            }
            print(spec.commandLine().getOut(), m.label(), images.name(), engine.description(), r);
            if (json != null) {
                JsonReport.write(json, r, Provenance.of(m, engine, null, null));
            }
        }
        return ExitCode.OK;
    }

    static void print(PrintWriter out, String model, String dataset, String backend, EvalResult r) {
        out.printf(Locale.ROOT, "%s on %s (%s, %d threads)%n", model, dataset, backend, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "top-1 %.2f%% (%d/%d), %.1f images/s%n", 100 * r.top1(), r.correct(), r.images(), r.imagesPerS());
        if (r.topK() > 1) {
            out.printf(Locale.ROOT, "top-%d %.2f%%%n", r.topK(), 100 * r.topKAccuracy());
        }
        out.flush();
    }
}
