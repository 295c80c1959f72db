package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageSource;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.IntegerEngine;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.engine.Provenance;
import java.io.PrintWriter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.validate.Gates;
import dev.convoy.validate.JUnitXml;
import java.util.List;
import dev.convoy.quant.Scheme;
import dev.convoy.validate.LayerSensitivity;
import dev.convoy.validate.Sensitivity;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy validate}: the quantization accuracy gate for CI. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Quantize, then compare with fp32 on labelled images (--data, default the Fashion-MNIST test images): top-1"
                + " of both, agreement, and per layer SQNR and max error. Exit 1 when any gate fails: --max-drop, --min-agreement,"
                + " --min-sqnr.")
final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An fp32 ONNX model file.")
    Path model;

    @Option(names = {"--precision", "--scheme"}, paramLabel = "P", description = "The quantized format: int8, int16 or fixed:W"
            + " (default: ${DEFAULT-VALUE}; --scheme is the older name).")
    String scheme = "int8";

    @Mixin
    QuantOptionsMixin quant;

    @Mixin
    DataOptions data;

    @Mixin
    BatchOption batch;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--device", paramLabel = "D", description = "Where the quantized model runs: cpu (the fast CPU engine, integers"
            + " identical to the integer reference; its fp32 side too), reference (the plain-loop references), sim or sim:HW"
            + " (the simulator's tiles, --hw) or opencl[:N|:NAME] (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--binary", paramLabel = "FILE", description = "A precompiled integer kernel set for the OpenCL device (FPGA .aocx/.xclbin).")
    Path binary;

    @Option(names = "--hw", paramLabel = "HW", description = "Accelerator for --device sim (default: ${DEFAULT-VALUE}).")
    String hw = Device.DEFAULT_ACCELERATOR;

    @Option(names = "--max-drop", paramLabel = "POINTS", description = "Largest acceptable top-1 drop in percentage points (default: ${DEFAULT-VALUE}).")
    double maxDrop = 1.0;

    @Option(names = "--min-agreement", paramLabel = "F", description = "Smallest acceptable fraction of images where the fp32 and"
            + " quantized models predict the same class (default: not gated).")
    Double minAgreement;

    @Option(names = "--min-sqnr", paramLabel = "DB|NODE=DB", description = "Smallest acceptable SQNR in dB of every layer, or of"
            + " the layer NODE; repeatable (a NODE=DB replaces the all-layer value for that layer).")
    java.util.List<String> minSqnr = new java.util.ArrayList<>();

    @Option(names = "--sensitivity", description = "Also rank the layers by what quantizing each one alone costs (top-1 drop,"
            + " agreement, output SQNR; the rest fp32): one fp32 pass over the images per layer, on the reference loops.")
    boolean sensitivity;

    @Option(names = "--auto-mixed", description = "When the top-1 drop exceeds --max-drop, give the most sensitive layers, one more"
            + " at a time in sensitivity order, 16-bit integers (int16 or fixed:16), then if that is not enough fp32 (islands), until"
            + " it does not; the report and gates are then of that model, and the --layer-scheme/--exclude flags that reproduce it"
            + " are printed.")
    boolean autoMixed;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the comparison as an Apache Spark job: local[N] or local[*]"
            + " in this process, or a cluster's master URL. --data is then a Parquet dataset (convoy to-parquet) or, with --spark-images,"
            + " a tree of image files, on any path Spark reads; the figures are those of a run on one machine, bit for bit.")
    String spark;

    @Option(names = "--partitions", paramLabel = "P", description = "With --spark: partitions (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--spark-images", description = "With --spark: --data is a tree of image files (class folders or not), not Parquet.")
    boolean sparkImages;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON (top1_reference, top1_quantized, agreement, layers, gates...).")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the report as JUnit XML for CI systems.")
    Path junit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model, binary, hw, data.preprocess).writing("--json", json).writing("--junit", junit);
        Gates gates = Gates.parse(maxDrop, minAgreement, minSqnr);
        int b = batch.value();
        Precision p = Precision.of(SchemeOption.parse(scheme, "validate", spec.commandLine().getParseResult().originalArgs()));
        QuantOptions o = quant.options(p.scheme());
        Model m = modelFile.load(model);
        m.requireFloat("validate");
        PrintWriter err = spec.commandLine().getErr();
        EngineRequest request = EngineRequest.on(PrecisionOptions.device(device, hw)).withPrecision(p).withQuantization(o, data.calibration(m, quant))
                .withBinary(binary).withBatch(b).withNotes(Notes.to(err)).withProgress(new ProgressBar(err, "calibrate"))
                .withThreads(threads.value());
        PrecisionOptions.check(request.device(), false, binary);
        long t0 = System.nanoTime();
        ValidationReport r;
        java.util.List<LayerSensitivity> ranked = null;
        java.util.Set<String> mixedExclude = null;
        java.util.Map<String, Scheme> mixedSchemes = null;
        String where;
        Provenance provenance;
        if (spark != null) {
            Device onExecutors = Device.parse(device);
            if (sensitivity || autoMixed || binary != null || onExecutors.several()
                    || (onExecutors.kind() != Device.Kind.CPU && onExecutors.kind() != Device.Kind.OPENCL)) {
                throw new BadInputException("--spark runs the integer path on each executor's CPU (--device cpu) or OpenCL device"
                        + " (--device opencl[:N]); --sensitivity, --auto-mixed, --binary and other devices run on one machine");
            }
            if (!data.data.contains("://") && !data.data.contains("*") && !java.nio.file.Files.exists(Path.of(data.data))) {
                throw new BadInputException("--data " + data.data + ": no such file or directory (with --spark, a Parquet dataset written by"
                        + " convoy to-parquet, or with --spark-images a tree of images)");
            }
            QuantizedModel q = Engines.quantize(m, request);
            try {
                SparkValidationRun run = SparkValidationRun.run(spark, model, m, q, o, data.calibration(m, quant), data.data, sparkImages,
                        data.preprocessing(m), b, partitions, threads.value(), onExecutors.toString(), err);
                r = run.report();
                where = run.where();
            } catch (NoClassDefFoundError e) {
                throw new BadInputException("--spark " + spark + ": Apache Spark is not on the class path (./convoy adds it; on a cluster"
                        + " submit spark/target/convoy-spark.jar with spark-submit)", e);
            }
            provenance = Provenance.of(m, null, o, null);
        } else {
            try (ImageSource images = data.testImages(m)) {
                Validator.requireMemory(m.prepared(), Math.min(b, images.size()));
                QuantizedModel q = Engines.quantize(m, request);
                List<String> layers = new java.util.ArrayList<>(List.of(q.quantizedInput()));
                q.layers().forEach(n -> layers.add(n.name()));
                gates.requireKnownLayers(layers);
                try (IntegerEngine engine = Engines.openInteger(m, q, request)) {
                    r = Validator.validatePrepared(m.prepared(), q, images, b, new ProgressBar(err, "validate"), engine.backend(),
                            g -> Engines.hostRunner(g, request));
                    where = engine.where();
                    provenance = Provenance.of(m, engine, o, null);
                }
                if (sensitivity || (autoMixed && r.dropPoints() > maxDrop)) {
                    ranked = Sensitivity.rank(m.prepared(), q, images, b, threads.value(), new ProgressBar(err, "sensitivity"));
                }
                if (autoMixed && r.dropPoints() > maxDrop) {
                    // the fewest layers, most sensitive first: first widened to 16-bit integers one at a time, then (if that
                    // is not enough) kept in fp32 one at a time, until the drop is within the gate
                    Scheme wider = o.scheme().kind() == Scheme.Kind.FIXED ? Scheme.parse("fixed:16") : Scheme.parse("int16");
                    java.util.Map<String, Scheme> widened = new java.util.LinkedHashMap<>(o.layerSchemes());
                    java.util.Set<String> keep = new java.util.LinkedHashSet<>(o.exclude());
                    for (int phase = o.scheme().bits() < 16 ? 0 : 1; phase < 2 && r.dropPoints() > maxDrop; phase++) {
                        for (LayerSensitivity layer : ranked) {
                            if (phase == 0) {
                                widened.put(layer.name(), wider);
                            } else {
                                keep.add(layer.name());
                            }
                            EngineRequest mixed = request.withQuantization(o.withExclude(keep).withLayerSchemes(widened), data.calibration(m, quant));
                            QuantizedModel qm = Engines.quantize(m, mixed);
                            try (IntegerEngine engine = Engines.openInteger(m, qm, mixed)) {
                                r = Validator.validatePrepared(m.prepared(), qm, images, b, new ProgressBar(err, "validate"), engine.backend(),
                                        g -> Engines.hostRunner(g, mixed));
                            }
                            err.printf("auto-mixed: %d layer(s) in %s, %d in fp32: drop %.2f points%n", widened.size() - o.layerSchemes().size(),
                                    wider, keep.size() - o.exclude().size(), r.dropPoints());
                            if (r.dropPoints() <= maxDrop) {
                                break;
                            }
                        }
                    }
                    mixedSchemes = widened;
                    mixedExclude = keep;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Gates.Verdict> verdicts = gates.judge(r);
        PrintWriter out = spec.commandLine().getOut();
        out.println("quantized model on: " + where);
        out.print(r.toText());
        if (ranked != null && sensitivity) {
            out.print(Sensitivity.toText(ranked, r.images()));
        }
        if (mixedExclude != null) {
            StringBuilder flags = new StringBuilder();
            mixedSchemes.forEach((node, sch) -> flags.append(" --layer-scheme ").append(node).append('=').append(sch));
            if (!mixedExclude.isEmpty()) {
                flags.append(" --exclude ").append(String.join(",", mixedExclude));
            }
            out.println("auto-mixed:" + flags + (r.dropPoints() <= maxDrop ? ""
                    : " (every rounding layer widened and in fp32, and the drop still exceeds --max-drop)"));
        }
        boolean ok = true;
        for (Gates.Verdict v : verdicts) {
            ok &= v.passed();
            // every failure, and the model-level gates, are printed; passing layers are in the table above
            if (!v.passed() || v.layer() == null) {
                out.printf("%s: %s%s%n", v.passed() ? "PASS" : "FAIL", v.layer() == null ? "" : "layer " + v.name() + ": ", v.message());
            }
        }
        out.flush();
        if (json != null) {
            com.fasterxml.jackson.databind.node.ObjectNode tree = JsonReport.tree(r);
            tree.set("gates", JsonReport.node(verdicts.stream().map(v -> java.util.Map.of("name", v.name(), "passed", v.passed(),
                    "message", v.message())).toList()));
            tree.put("passed", ok);
            if (ranked != null && sensitivity) {
                tree.set("sensitivity", JsonReport.node(ranked));
            }
            if (mixedExclude != null) {
                java.util.Map<String, String> schemes = new java.util.LinkedHashMap<>();
                mixedSchemes.forEach((node, sch) -> schemes.put(node, sch.toString()));
                tree.set("auto_mixed", JsonReport.node(java.util.Map.of("layer_schemes", schemes, "exclude", mixedExclude)));
            }
            JsonReport.write(json, tree, provenance);
        }
        if (junit != null) {
            try {
                JUnitXml.write(junit, r, gates, seconds, provenance.asProperties());
            } catch (IOException e) {
                throw new BadInputException(junit + ": cannot write (" + e.getMessage() + ")", e);
            }
        }
        return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
