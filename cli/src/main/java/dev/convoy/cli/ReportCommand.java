package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageSource;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.html.HtmlReport;
import dev.convoy.html.ReportSettings;
import dev.convoy.io.AtomicFile;
import dev.convoy.manifold.Tsne;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.visual.Robustness;
import java.io.IOException;
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

/** {@code convoy report}: one self-contained HTML page showing what the network does and what quantizing and tiling it cost. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML report (viewable offline): the model and its graph, filters, feature maps,"
                + " occlusion sensitivity, a t-SNE map of the penultimate features with nearest neighbours, robustness to shifts,"
                + " flips, noise and rotations, per-layer quantization error with activation histograms, and (with --hw) the"
                + " board's roofline, cycles by cause, DRAM traffic and design space — fp32 beside quantized throughout.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An fp32 ONNX model file.")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", required = true, description = "Where to write the report.")
    Path output;

    @Option(names = "--precision", paramLabel = "P", description = "The quantized side: int8, int16 or fixed:W (default: ${DEFAULT-VALUE}).")
    String precision = "int8";

    @Mixin
    QuantOptionsMixin quant;

    @Mixin
    DataOptions data;

    @Mixin
    BatchOption batch;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--hw", paramLabel = "HW", description = "Add the hardware section for this board: a preset, YAML file or systolic spec, as for simulate.")
    String hw;

    @Option(names = "--image", paramLabel = "N", description = "The test image of the feature maps and the first occlusion map (default: ${DEFAULT-VALUE}).")
    int image = 0;

    @Option(names = "--occlusion-images", paramLabel = "N", description = "Occlusion maps for N images from --image on (default: ${DEFAULT-VALUE}).")
    int occlusionImages = 4;

    @Option(names = "--patch", paramLabel = "PIXELS", description = "Occlusion patch side (default: a seventh of the input's longer side, at least 3).")
    int patch = 0;

    @Option(names = "--stride", paramLabel = "PIXELS", description = "Occlusion patch step (default: half the patch).")
    int stride = 0;

    @Option(names = "--occlusion-fill", paramLabel = "F", description = "The occlusion patch: border (each channel's mean over the"
            + " images' one-pixel frames — the background, so covering background changes nothing), mean (each channel's mean over"
            + " the images: Zeiler and Fergus's grey) or a number in input units (default: ${DEFAULT-VALUE}).")
    String occlusionFill = "border";

    @Option(names = "--tsne-images", paramLabel = "N", description = "Test images in the t-SNE map (default: ${DEFAULT-VALUE}).")
    int tsneImages = 2000;

    @Option(names = "--tsne-iterations", paramLabel = "N", description = "t-SNE gradient steps (default: ${DEFAULT-VALUE}).")
    int tsneIterations = 1000;

    @Option(names = "--robustness-images", paramLabel = "N", description = "Test images per robustness condition (default: ${DEFAULT-VALUE}).")
    int robustnessImages = 1000;

    @Option(names = "--max-shift", paramLabel = "PIXELS", description = "Largest shift of the robustness curve (default: ${DEFAULT-VALUE}).")
    int maxShift = 4;

    @Option(names = "--validate-images", paramLabel = "N", description = "Test images of the per-layer error comparison (default: ${DEFAULT-VALUE}).")
    int validateImages = 1000;

    @Option(names = "--sensitivity", description = "Also rank the layers by sensitivity (one fp32 pass over --validate-images per layer).")
    boolean sensitivity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model, hw, data.preprocess).writing("-o", output);
        Precision p = Flags.parse("--precision", precision, Precision::parse);
        if (p.isFloat()) {
            throw new BadInputException("--precision " + precision + ": the report compares fp32 with a quantized form; give int8, int16 or fixed:W");
        }
        ReportSettings defaults = ReportSettings.defaults();
        ReportSettings settings;
        try {
            settings = new ReportSettings(image, occlusionImages, patch, stride, occlusionFill, defaults.featureChannels(), defaults.filterLayers(), tsneImages,
                    new Tsne(defaults.tsne().perplexity(), tsneIterations, defaults.tsne().theta(), defaults.tsne().seed()), defaults.queries(),
                    defaults.neighbours(), robustnessImages, new Robustness.Conditions(maxShift, defaults.conditions().noise(),
                    defaults.conditions().rotations()), validateImages, defaults.histogramImages(), sensitivity,
                    hw == null ? null : Flags.hardware(hw), batch.value());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Model m = modelFile.load(model);
        m.requireFloat("report");
        QuantOptions o = quant.options(p.scheme());
        PrintWriter err = spec.commandLine().getErr();
        EngineRequest request = EngineRequest.on(dev.convoy.engine.Device.cpu()).withPrecision(p).withQuantization(o, data.calibration(m, quant))
                .withBatch(batch.value()).withNotes(Notes.to(err)).withProgress(new ProgressBar(err, "calibrate")).withThreads(threads.value());
        long t0 = System.nanoTime();
        HtmlReport.Report r;
        try (ImageSource test = data.testImages(m); ImageSource calibration = data.calibration(m, quant).get()) {
            QuantizedModel q = Engines.quantize(m, request);
            r = HtmlReport.build(m, q, request, test, calibration, settings, name -> new ProgressBar(err, name));
        }
        try {
            AtomicFile.writeString(output, r.html());
        } catch (IOException e) {
            throw new BadInputException(output + ": cannot write (" + e.getMessage() + ")", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder times = new StringBuilder();
        r.seconds().forEach((k, v) -> times.append(String.format(Locale.ROOT, " %s %.1f s,", k, v)));
        out.printf(Locale.ROOT, "report: %s (%d KiB) in %.1f s;%s%n", output, r.html().length() / 1024, (System.nanoTime() - t0) / 1e9,
                times.substring(0, Math.max(0, times.length() - 1)));
        return ExitCode.OK;
    }
}
