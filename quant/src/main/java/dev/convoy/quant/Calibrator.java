package dev.convoy.quant;

import dev.convoy.data.ImageSource;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.reference.GraphRunner;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the fp32 model (the reference, or a runner the caller gives) over calibration images and collects, for every computed tensor, its observed
 * range and a histogram of |x| (two passes: the first finds each tensor's largest magnitude, the second
 * bins against it).
 */
public final class Calibrator {
    private static final int BATCH = 100;

    private Calibrator() {
    }

    /**
     * @param graph    the fp32 graph being quantized
     * @param images   calibration images
     * @param progress told as images are processed (both passes count)
     * @return a histogram per batched value name (the model input included)
     */
    public static Map<String, Histogram> collect(Graph graph, ImageSource images, Progress progress) {
        return collect(graph, images, progress, ReferenceBackend::new);
    }

    /**
     * As {@link #collect(Graph, ImageSource, Progress)}, on a given fp32 runner (the fast CPU engine; its sums
     * differ from the reference's only in fp32 rounding order).
     *
     * @param graph    the fp32 graph being quantized
     * @param images   calibration images
     * @param progress told as images are processed (both passes count)
     * @param fp32     opens the runner for the graph (closed here)
     * @return a histogram per batched value name (the model input included)
     */
    public static Map<String, Histogram> collect(Graph graph, ImageSource images, Progress progress,
                                                 java.util.function.Function<Graph, ? extends GraphRunner> fp32) {
        Map<String, Double> absMax = new HashMap<>();
        String input = graph.inputs().get(0).name();
        int total = 2 * images.size();
        try (GraphRunner backend = fp32.apply(graph)) {
            for (int from = 0; from < images.size(); from += BATCH) {
                int to = Math.min(images.size(), from + BATCH);
                Tensor x = images.images(from, to);
                NonFiniteException.requireFinite(x, from, "calibration input");
                String span = from + "–" + (to - 1);
                observe(absMax, input, x);
                if (from == 0) {
                    requireFits(graph, x, images.name());
                }
                backend.run(Map.of(input, x), (node, out) -> {
                    observeIfBatched(graph, absMax, node, out);
                    int bad = NonFiniteException.firstNonFinite(out.data());
                    if (bad >= 0) {
                        // a calibrated range must be finite: an infinite scale quantizes everything to one value
                        throw new NonFiniteException("calibration: node " + dev.convoy.Printable.name(node.name()) + " ("
                                + node.op().type() + ") produced " + out.data()[bad] + " on calibration images "
                                + span + "; its range cannot be calibrated", -1);
                    }
                });
                progress.update(to, total);
            }
            Map<String, Histogram> hist = new LinkedHashMap<>();
            absMax.forEach((k, v) -> hist.put(k, new Histogram(v, Histogram.BINS)));
            for (int from = 0; from < images.size(); from += BATCH) {
                int to = Math.min(images.size(), from + BATCH);
                Tensor x = images.images(from, to);
                hist.get(input).add(x.data(), 0, x.size());
                backend.run(Map.of(input, x), (node, out) -> {
                    Histogram h = hist.get(node.output());
                    if (h != null) {
                        h.add(out.data(), 0, out.size());
                    }
                });
                progress.update(images.size() + to, total);
            }
            return hist;
        }
    }

    private static void requireFits(Graph graph, Tensor x, String source) {
        try {
            graph.batchOf(Map.of(graph.inputs().get(0).name(), x));
        } catch (dev.convoy.BadInputException e) {
            throw new dev.convoy.BadInputException("calibration images " + source + ": " + e.getMessage()
                    + " (--calib names them; the preprocessing options apply to them too)", e);
        }
    }

    private static void observeIfBatched(Graph g, Map<String, Double> absMax, Node node, Tensor out) {
        Value v = g.value(node.output());
        if (v.batched()) {
            observe(absMax, node.output(), out);
        }
    }

    private static void observe(Map<String, Double> absMax, String name, Tensor t) {
        double m = 0;
        for (float f : t.data()) {
            m = Math.max(m, Math.abs(f));
        }
        absMax.merge(name, m, Math::max);
    }
}
