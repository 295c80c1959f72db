package dev.convoy.validate;

import dev.convoy.data.ImageSource;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.quant.ActQuant;

import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.reference.GraphRunner;
import dev.convoy.reference.ReferenceBackend;

/** Runs the fp32 reference and the integer backend side by side and compares every layer. */
public final class Validator {
    private Validator() {
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
        try (ValidationSession session = new ValidationSession(g, q, ib, fp32.apply(g))) {
            for (int from = 0; from < images.size(); from += batch) {
                int to = Math.min(images.size(), from + batch);
                session.add(images.images(from, to), images.labels(from, to), from);
                progress.update(to, images.size());
            }
            return session.tally().report(q);
        }
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
