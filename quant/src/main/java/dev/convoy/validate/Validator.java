package dev.convoy.validate;

import dev.convoy.data.ImageSource;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.quant.ActQuant;

import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.reference.GraphRunner;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the fp32 reference and the integer backend side by side and compares every layer. */
public final class Validator {
    private Validator() {
    }

    private static final class Accumulator {
        final String op;
        final String format;
        double signal;
        double noise;
        double maxErr;
        long elements;
        long nanos;

        Accumulator(String op, String format) {
            this.op = op;
            this.format = format;
        }

        /**
         * Adds one batch of a layer: fp32 values r against the integers q of the format. The error of an element is
         * float32 {@code r − (q − zp)·scale} (DequantizeLinear's own arithmetic); its square and r's are summed in
         * double, four partial sums at a time (the fp32 values are finite: the run refused any that was not).
         */
        void add(float[] r, int[] q, ActQuant f) {
            int zp = f.zeroPoint();
            float scale = f.scale();
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, n0 = 0, n1 = 0, n2 = 0, n3 = 0;
            float worst = 0;
            int i = 0;
            for (; i + 3 < q.length; i += 4) {
                float e0 = r[i] - (float) (q[i] - zp) * scale, e1 = r[i + 1] - (float) (q[i + 1] - zp) * scale;
                float e2 = r[i + 2] - (float) (q[i + 2] - zp) * scale, e3 = r[i + 3] - (float) (q[i + 3] - zp) * scale;
                s0 += (double) r[i] * r[i];
                s1 += (double) r[i + 1] * r[i + 1];
                s2 += (double) r[i + 2] * r[i + 2];
                s3 += (double) r[i + 3] * r[i + 3];
                n0 += (double) e0 * e0;
                n1 += (double) e1 * e1;
                n2 += (double) e2 * e2;
                n3 += (double) e3 * e3;
                // Math.max, not a comparison: C2 makes it branch-free (a branch on noisy errors mispredicts: 5.3 vs 1.6 ns)
                worst = Math.max(worst, Math.max(Math.max(Math.abs(e0), Math.abs(e1)), Math.max(Math.abs(e2), Math.abs(e3))));
            }
            for (; i < q.length; i++) {
                float e = r[i] - (float) (q[i] - zp) * scale;
                s0 += (double) r[i] * r[i];
                n0 += (double) e * e;
                worst = Math.max(worst, Math.abs(e));
            }
            signal += (s0 + s1) + (s2 + s3);
            noise += (n0 + n1) + (n2 + n3);
            maxErr = Math.max(maxErr, worst);
            elements += q.length;
        }
    }

    /**
     * @param imported the fp32 model as imported
     * @param q        its quantized form
     * @param images   test images
     * @param batch    images per call
     * @param progress told after every batch
     * @return the comparison
     */
    public static ValidationReport validate(Graph imported, QuantizedModel q, ImageSource images, int batch, Progress progress) {
        try (IntegerBackend ib = new IntegerBackend(q)) {
            return validate(imported, q, images, batch, progress, ib);
        }
    }

    /**
     * The same comparison with the integer path run by a given backend (an OpenCL device, a precompiled
     * kernel set, the simulator's tiles): the gate then judges what that device computes.
     *
     * @param imported the fp32 model as imported
     * @param q        its quantized form
     * @param images   test images
     * @param batch    images per call
     * @param progress told after every batch
     * @param ib       runs q (the caller closes it)
     * @return the comparison
     */
    public static ValidationReport validate(Graph imported, QuantizedModel q, ImageSource images, int batch, Progress progress,
                                            IntegerBackend ib) {
        return validatePrepared(Quantizer.prepare(imported), q, images, batch, progress, ib);
    }

    /**
     * As {@link #validate(Graph, QuantizedModel, ImageSource, int, Progress, IntegerBackend)}, for the graph
     * {@link Quantizer#prepare} already made from the fp32 model (the one {@code q} was built from).
     *
     * @param g        the prepared fp32 graph
     * @param q        its quantized form
     * @param images   test images
     * @param batch    images per call
     * @param progress told after every batch
     * @param ib       runs q (the caller closes it)
     * @return the comparison
     */
    public static ValidationReport validatePrepared(Graph g, QuantizedModel q, ImageSource images, int batch, Progress progress,
                                                    IntegerBackend ib) {
        return validatePrepared(g, q, images, batch, progress, ib, ReferenceBackend::new);
    }

    /**
     * As {@link #validatePrepared(Graph, QuantizedModel, ImageSource, int, Progress, IntegerBackend)}, with the fp32
     * side on a given runner (the fast CPU engine: its outputs differ from the reference's only in fp32 rounding
     * order, far below any quantization error).
     *
     * @param g        the prepared fp32 graph
     * @param q        its quantized form
     * @param images   test images
     * @param batch    images per call
     * @param progress told after every batch
     * @param ib       runs q (the caller closes it)
     * @param fp32     opens the fp32 runner for g (closed here)
     * @return the comparison
     */
    public static ValidationReport validatePrepared(Graph g, QuantizedModel q, ImageSource images, int batch, Progress progress,
                                                    IntegerBackend ib, java.util.function.Function<Graph, ? extends GraphRunner> fp32) {
        requireMemory(g, Math.min(batch, images.size()));
        Map<String, Accumulator> acc = new LinkedHashMap<>();
        int correctRef = 0, correctQ = 0, agree = 0;
        String input = g.inputs().get(0).name();
        try (GraphRunner ref = fp32.apply(g)) {
            for (int from = 0; from < images.size(); from += batch) {
                int to = Math.min(images.size(), from + batch);
                Tensor x = images.images(from, to);
                int[] labels = images.labels(from, to);
                Map<String, float[]> refValues = new HashMap<>();
                refValues.put(input, x.data());
                String[] firstBad = {null};
                Tensor refOut = ref.run(Map.of(input, x), (node, out) -> {
                    refValues.put(node.output(), out.data());
                    if (firstBad[0] == null && NonFiniteException.firstNonFinite(out.data()) >= 0) {
                        firstBad[0] = "node " + dev.convoy.Printable.name(node.name()) + " (" + node.op().type() + ")";
                    }
                }).get(g.outputs().get(0));
                try {
                    NonFiniteException.requireFinite(refOut, from, "the fp32 model's output");
                } catch (NonFiniteException e) {
                    throw firstBad[0] == null ? e : e.from(firstBad[0]);
                }
                long[] last = {System.nanoTime()};
                List<Runnable> comparisons = new ArrayList<>();
                Tensor qOut = ib.run(x, (node, value, shape, data, format) -> {
                    long now = System.nanoTime();
                    float[] r = refValues.get(value);
                    if (r == null) {
                        return;
                    }
                    Accumulator a = acc.computeIfAbsent(node == null ? value : node.name(),
                            k -> new Accumulator(node == null ? "Quantize" : node.layer().type(), describe(format)));
                    a.nanos += now - last[0];
                    // compared after the run, layers in parallel: each layer's sums stay in one accumulator
                    comparisons.add(() -> a.add(r, data, format));
                    last[0] = System.nanoTime();
                });
                comparisons.parallelStream().forEach(Runnable::run);
                try {
                    NonFiniteException.requireFinite(qOut, from, "the quantized model's output");
                } catch (NonFiniteException e) {
                    // the integer layers cannot make one; only the fp32 prelude or epilogue can
                    throw e.from("the fp32 part of the quantized model (before its QuantizeLinear or after its DequantizeLinear)");
                }
                int classes = refOut.size() / (to - from);
                for (int i = 0; i < to - from; i++) {
                    int pr = BatchedRun.argmax(refOut.data(), i * classes, classes);
                    int pq = BatchedRun.argmax(qOut.data(), i * classes, classes);
                    correctRef += pr == labels[i] ? 1 : 0;
                    correctQ += pq == labels[i] ? 1 : 0;
                    agree += pr == pq ? 1 : 0;
                }
                progress.update(to, images.size());
            }
        }
        List<LayerError> layers = new ArrayList<>();
        acc.forEach((name, a) -> layers.add(new LayerError(name, a.op, a.format,
                a.noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(a.signal / a.noise), a.maxErr, a.elements, a.nanos / 1e9)));
        int n = images.size();
        double tr = (double) correctRef / n, tq = (double) correctQ / n;
        return new ValidationReport(q.name(), q.options().describe(), n, tr, tq, (double) agree / n, 100 * (tr - tq), layers, q.islands());
    }

    /**
     * Refuses, before any work, a validation whose per-layer comparison cannot fit in the heap: every fp32
     * layer output of a batch is kept until the integer run has been compared with it.
     *
     * @param g     the prepared fp32 graph
     * @param batch images per call
     * @throws dev.convoy.BadInputException naming the layer count and batch
     */
    public static void requireMemory(Graph g, int batch) {
        long perImage = 0;
        for (dev.convoy.graph.Node node : g.nodes()) {
            perImage += 4L * g.value(node.output()).shape().size();
        }
        // the fp32 values kept, plus the integer run's own buffers (at most as many)
        dev.convoy.tensor.HeapBudget.require(2 * perImage * batch, "validating " + g.nodes().size() + " layers at batch " + batch,
                "use a smaller --batch");
    }

    /**
     * @param f a format
     * @return e.g. {@code int8 s=0.02134 zp=-128} or {@code Q(8,5)}
     */
    public static String describe(ActQuant f) {
        if (f.fixed() != null) {
            return "Q(" + f.fixed().width() + "," + f.fixed().frac() + ")";
        }
        int bits = 32 - Integer.numberOfLeadingZeros(f.qmax() - f.qmin());
        return String.format(java.util.Locale.ROOT, "int%d s=%.4g zp=%d", bits, f.scale(), f.zeroPoint());
    }

}
