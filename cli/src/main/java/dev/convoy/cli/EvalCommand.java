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
import dev.convoy.eval.ReferenceComparison;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** {@code convoy eval}: accuracy against labels, or agreement with reference outputs, and throughput. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1/top-k accuracy, per-class accuracy and confusion (labelled --data, default the Fashion-MNIST test"
                + " images) and/or error statistics against --reference outputs, with images/s: fp32 reference, or the integer"
                + " reference for a quantized model or --precision.")
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

    @Option(names = "--reference", paramLabel = "FILE.npy", description = "Reference outputs for the same inputs (e.g. PyTorch's"
            + " logits, float32 [N, classes]): report max/mean absolute error, SQNR and argmax agreement. Labels are then optional.")
    Path reference;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON (keys top1, top_k_accuracy,"
            + " per_class_accuracy, confusion, class_names, reference, images_per_s, ...).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model, precision.binary, precision.hw, precision.tuning, reference).writing("--json", json);
        if (topK < 1) {
            throw new BadInputException("--top-k must be at least 1, got " + topK);
        }
        int b = batch.value();
        Model m = modelFile.load(model);
        precision.check(m);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (ImageSource images = reference == null ? data.testImages(m) : data.inputs(m);
             Engine engine = Engines.open(m, precision.request(data, m, b, err))) {
            BatchedRun.Outputs o;
            try {
                o = BatchedRun.stream(engine.images(images.name()), images, b, new ProgressBar(err, "eval"));
            } catch (NonFiniteException e) {
                throw NonFiniteTrace.locate(m, images, e);
            }
            EvalResult r = images.labelled() ? BatchedRun.score(o, images.labels(0, images.size()), images.name(), b, topK) : null;
            ReferenceComparison c = reference == null ? null
                    : ReferenceComparison.of(o.outputs(), ReferenceComparison.read(reference, o.outputs(), data.limit != null));
            double s = o.nanos() / 1e9;
            if (r != null) {
                print(out, m.label(), images.name(), engine.description(), precision.threads.value(), r);
            } else {
                out.printf(Locale.ROOT, "%s on %s (%s, %d threads)%n%.1f images/s%n", m.label(), images.name(), engine.description(),
                        precision.threads.value(), s > 0 ? images.size() / s : 0);
            }
            if (c != null) {
                out.printf(Locale.ROOT, "against %s: argmax agreement %.2f%% (%d/%d), max |err| %.4g, mean |err| %.4g, SQNR %s%n",
                        reference.getFileName(), 100 * c.argmaxAgreement(), c.agreeing(), c.rows(), c.maxAbsError(), c.meanAbsError(),
                        c.sqnrDb() == null ? "inf (identical)" : String.format(Locale.ROOT, "%.1f dB", c.sqnrDb()));
            }
            out.flush();
            if (json != null) {
                ObjectNode tree = r != null ? JsonReport.tree(r) : JsonReport.tree(java.util.Map.of("images", images.size(),
                        "seconds", s, "images_per_s", s > 0 ? images.size() / s : 0, "batch", b));
                tree.set("class_names", JsonReport.node(images.classNames()));
                if (c != null) {
                    tree.set("reference", JsonReport.tree(c));
                }
                JsonReport.write(json, tree, Provenance.of(m, engine, null, null));
            }
        }
        return ExitCode.OK;
    }

    static void print(PrintWriter out, String model, String dataset, String backend, int threads, EvalResult r) {
        out.printf(Locale.ROOT, "%s on %s (%s, %d threads)%n", model, dataset, backend, threads);
        out.printf(Locale.ROOT, "top-1 %.2f%% (%d/%d), %.1f images/s%n", 100 * r.top1(), r.correct(), r.images(), r.imagesPerS());
        if (r.topK() > 1) {
            out.printf(Locale.ROOT, "top-%d %.2f%%%n", r.topK(), 100 * r.topKAccuracy());
        }
        out.flush();
    }
}
