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
                Tensor qOut = ib.run(x, (node, value, shape, data, format) -> {
                    long now = System.nanoTime();
                    float[] r = refValues.get(value);
                    if (r == null) {
                        return;
                    }
                    Accumulator a = acc.computeIfAbsent(node == null ? value : node.name(),
                            k -> new Accumulator(node == null ? "Quantize" : node.layer().type(), describe(format)));
                    a.nanos += now - last[0];
                    for (int i = 0; i < data.length; i++) {
                        double e = r[i] - format.dequantize(data[i]);
                        a.signal += (double) r[i] * r[i];
                        a.noise += e * e;
                        a.maxErr = Math.max(a.maxErr, Math.abs(e));
                    }
                    a.elements += data.length;
                    last[0] = System.nanoTime(); // the comparison above is not the layer's time
                });
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
        return new ValidationReport(q.name(), q.options().describe(), n, tr, tq, (double) agree / n, 100 * (tr - tq), layers);
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
