package dev.convoy.html;

import dev.convoy.chart.Raster;
import dev.convoy.data.ImageSource;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Node;
import dev.convoy.quant.Calibrator;
import dev.convoy.quant.Histogram;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.explore.DesignPoint;
import dev.convoy.sim.explore.Explorer;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.tensor.Tensor;
import dev.convoy.validate.LayerSensitivity;
import dev.convoy.validate.Sensitivity;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.Validator;
import dev.convoy.visual.FeatureMaps;
import dev.convoy.visual.FeatureSpace;
import dev.convoy.visual.Filters;
import dev.convoy.visual.Occlusion;
import dev.convoy.visual.Planes;
import dev.convoy.visual.Probe;
import dev.convoy.visual.Robustness;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the report of a model: every section computed on the same test images, fp32 beside quantized, and drawn
 * into one self-contained HTML page (no network needed to view it).
 */
public final class HtmlReport {
    /** Section anchors, in page order. */
    public static final List<String> SECTIONS = List.of("model", "filters", "feature-maps", "occlusion", "feature-space", "robustness",
            "quantization", "hardware");

    private HtmlReport() {
    }

    /** Opens a progress display for one named step. */
    @FunctionalInterface
    public interface Steps {
        /**
         * @param name the step
         * @return its progress
         */
        Progress step(String name);

        /** Shows nothing. */
        Steps NONE = name -> Progress.NONE;
    }

    /**
     * A finished report.
     *
     * @param html     the page
     * @param seconds  wall-clock seconds per section, in page order
     * @param robustness the robustness points (shift 0 is the plain evaluation)
     * @param featureSpace the feature-space result
     */
    public record Report(String html, Map<String, Double> seconds, List<Robustness.Point> robustness, FeatureSpace featureSpace) {
    }

    /**
     * @param model       the fp32 model
     * @param quantized   its quantized form ({@link Engines#quantize} with the same request)
     * @param request     where both sides run
     * @param test        labelled test images
     * @param calibration calibration images (for the activation histograms)
     * @param s           what to compute
     * @param steps       progress per step
     * @return the report
     */
    public static Report build(Model model, QuantizedModel quantized, EngineRequest request, ImageSource test, ImageSource calibration,
                               ReportSettings s, Steps steps) {
        int n = Math.min(test.size(), Math.max(Math.max(s.tsneImages(), s.robustnessImages()),
                Math.max(s.validateImages(), s.image() + s.occlusionImages())));
        if (s.image() >= test.size()) {
            throw new dev.convoy.BadInputException("--image " + s.image() + ": " + test.name() + " has " + test.size() + " images");
        }
        if (Math.min(n, s.tsneImages()) < 12) {
            throw new dev.convoy.BadInputException(test.name() + ": the feature-space map needs at least 12 images, got " + n);
        }
        Tensor images = test.images(0, n);
        int[] labels = test.labels(0, n);
        List<String> classes = test.classNames().isEmpty() && test.name().startsWith("fashion-mnist")
                ? List.of(dev.convoy.data.FashionMnist.CLASSES) : test.classNames();
        Planes planes = Planes.of(images.shape().dropFirst());
        int per = planes.size();
        int thumbScale = Raster.scaleFor(planes.height(), planes.width(), 56);
        java.util.function.IntFunction<BufferedImage> thumbnail = i -> Raster.image(images.data(), i * per, planes.channels(), planes.height(),
                planes.width(), thumbScale);
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<Page.Section> sections = new ArrayList<>();
        long t = System.nanoTime();
        sections.add(new Page.Section("model", "1. Model", ModelSection.html(model.imported(), model.optimized())));
        t = lap(seconds, "model", t);
        List<Robustness.Point> robust;
        FeatureSpace space;
        try (Probe probe = Probe.open(model, quantized, request)) {
            sections.add(new Page.Section("filters", "2. Filters", FiltersSection.html(Filters.of(probe.graph(), quantized, s.filterLayers()))));
            t = lap(seconds, "filters", t);
            Tensor one = images.samples(s.image(), s.image() + 1);
            BufferedImage input = Raster.image(images.data(), s.image() * per, planes.channels(), planes.height(), planes.width(),
                    Raster.scaleFor(planes.height(), planes.width(), 168));
            sections.add(new Page.Section("feature-maps", "3. Feature maps", FeatureMapsSection.html(s.image(),
                    FeatureSpaceSection.name(classes, labels[s.image()]), input, FeatureMaps.of(probe, one, s.featureChannels()))));
            t = lap(seconds, "feature-maps", t);
            int patch = s.patch() > 0 ? s.patch() : Math.max(3, Math.max(planes.height(), planes.width()) / 7);
            int stride = s.stride() > 0 ? s.stride() : Math.max(1, patch / 2);
            float[] fill = switch (s.fill()) {
                case "border" -> Occlusion.borderFill(images);
                case "mean" -> Occlusion.meanFill(images);
                default -> constant(planes.channels(), Float.parseFloat(s.fill()));
            };
            String fillText = switch (s.fill()) {
                case "border" -> "each channel's mean over the images' borders, i.e. the background: " + java.util.Arrays.toString(fill);
                case "mean" -> "each channel's mean over the images (Zeiler and Fergus's grey): " + java.util.Arrays.toString(fill);
                default -> "the value " + s.fill();
            };
            List<OcclusionSection.Item> occ = new ArrayList<>();
            Progress op = steps.step("occlusion");
            int last = Math.min(n, s.image() + s.occlusionImages());
            for (int i = s.image(); i < last; i++) {
                Occlusion.Map m = Occlusion.compute(probe, images.samples(i, i + 1), labels[i], patch, stride, fill, s.batch());
                occ.add(new OcclusionSection.Item(i, FeatureSpaceSection.name(classes, labels[i]), Raster.image(images.data(), i * per,
                        planes.channels(), planes.height(), planes.width(), Raster.scaleFor(planes.height(), planes.width(), 168)), m));
                op.update(i - s.image() + 1, last - s.image());
            }
            sections.add(new Page.Section("occlusion", "4. Occlusion sensitivity", OcclusionSection.html(occ, patch, stride, fillText)));
            t = lap(seconds, "occlusion", t);
            int nt = Math.min(n, s.tsneImages());
            space = FeatureSpace.of(probe, images.samples(0, nt), java.util.Arrays.copyOf(labels, nt), s.tsne(), s.queries(),
                    s.neighbours(), s.batch(), steps.step("feature space"));
            double spaceSeconds = (System.nanoTime() - t) / 1e9;
            sections.add(new Page.Section("feature-space", "5. Feature space", FeatureSpaceSection.html(space, classes, thumbnail, spaceSeconds)));
            t = lap(seconds, "feature-space", t);
            int nr = Math.min(n, s.robustnessImages());
            robust = Robustness.measure(probe, images.samples(0, nr), java.util.Arrays.copyOf(labels, nr), s.conditions(),
                    s.batch(), steps.step("robustness"));
            sections.add(new Page.Section("robustness", "6. Robustness", RobustnessSection.html(robust, nr)));
            t = lap(seconds, "robustness", t);
            ImageSource validation = test.first(Math.min(test.size(), s.validateImages()));
            ValidationReport vr = Validator.validatePrepared(model.prepared(), quantized, validation, s.batch(), steps.step("validate"),
                    probe.integerBackend(), g -> Engines.hostRunner(g, request));
            List<String> values = new ArrayList<>();
            FeatureMaps.layers(probe.graph()).forEach(node -> values.add(FeatureMaps.response(probe.graph(), node)));
            for (Node node : probe.graph().nodes()) {
                if (node.op() instanceof Dense) {
                    values.add(FeatureMaps.response(probe.graph(), node));
                }
            }
            Map<String, Histogram> histograms = Calibrator.collect(model.prepared(), calibration.first(s.histogramImages()),
                    steps.step("histograms"), g -> Engines.hostRunner(g, request));
            List<LayerSensitivity> ranked = s.sensitivity() ? Sensitivity.rank(model.prepared(), quantized, validation, s.batch(),
                    Runtime.getRuntime().availableProcessors(), steps.step("sensitivity")) : null;
            sections.add(new Page.Section("quantization", "7. Quantization", QuantizationSection.html(vr,
                    QuantizationSection.activations(values.subList(0, Math.min(values.size(), 12)), histograms, quantized.formats()), ranked,
                    probe.where())));
            t = lap(seconds, "quantization", t);
        }
        if (s.hardware() != null) {
            List<ConvLayer> layers = ConvLayer.of(model.optimized());
            SimulationReport sim = Simulator.run(model.label(), dev.convoy.schedule.Workloads.of(model.optimized()), s.hardware(), null, 1);
            List<DesignPoint> designs = s.hardware().peArray() == null ? null
                    : Explorer.sweep(layers, s.hardware(), Explorer.values("4;8;16;32;64", "lanes"), Explorer.values("4;8;16", "vector"));
            sections.add(new Page.Section("hardware", "8. Hardware", HardwareSection.html(sim, s.hardware(), designs, model.label())));
        } else {
            sections.add(new Page.Section("hardware", "8. Hardware", "<p class=\"note\">Give a board (--hw) for its roofline, cycles,"
                    + " utilisation, DRAM traffic and design space.</p>\n"));
        }
        lap(seconds, "hardware", t);
        String meta = model.label() + " · " + quantized.options().describe() + " · " + test.name() + " · " + n + " test images";
        String html = Page.render("Convoy report: " + model.label(), meta, sections);
        return new Report(html, seconds, robust, space);
    }

    private static float[] constant(int n, float v) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static long lap(Map<String, Double> seconds, String section, long since) {
        long now = System.nanoTime();
        seconds.put(section, (now - since) / 1e9);
        return now;
    }
}
