package dev.convoy.validate;

import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.graph.Graph;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.GraphRunner;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fp32 model and its quantized form open side by side, comparing every layer on the batches given, one at a
 * time, into a {@link ValidationTally}. {@link Validator} runs one over a whole dataset; a distributed job runs
 * one per partition over that partition's batches and merges the tallies. Not for concurrent use.
 */
public final class ValidationSession implements AutoCloseable {
    private final Graph g;
    private final IntegerBackend ib;
    private final GraphRunner ref;
    private final String input;
    private final ValidationTally tally = new ValidationTally();

    /**
     * @param g   the prepared fp32 graph ({@link dev.convoy.quant.Quantizer#prepare})
     * @param q   its quantized form
     * @param ib  runs q (the caller closes it)
     * @param ref the fp32 runner of g (closed with this session)
     */
    public ValidationSession(Graph g, QuantizedModel q, IntegerBackend ib, GraphRunner ref) {
        this.g = g;
        this.ib = ib;
        this.ref = ref;
        this.input = g.inputs().get(0).name();
    }

    /**
     * Compares one batch.
     *
     * @param x      the batch's images
     * @param labels their labels
     * @param from   the index of its first image in the dataset, for messages
     * @throws NonFiniteException naming the image and layer when either side makes a NaN or an infinity
     */
    public void add(Tensor x, int[] labels, long from) {
        int n = labels.length;
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
            NonFiniteException.requireFinite(refOut, (int) from, "the fp32 model's output");
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
            LayerTally a = tally.layers.computeIfAbsent(node == null ? value : node.name(),
                    k -> new LayerTally(node == null ? "Quantize" : node.layer().type(), Validator.describe(format)));
            a.nanos += now - last[0];
            // compared after the run, layers in parallel: each layer's sums stay in one tally
            comparisons.add(() -> a.add(r, data, format));
            last[0] = System.nanoTime();
        });
        comparisons.parallelStream().forEach(Runnable::run);
        try {
            NonFiniteException.requireFinite(qOut, (int) from, "the quantized model's output");
        } catch (NonFiniteException e) {
            // the integer layers cannot make one; only the fp32 prelude or epilogue can
            throw e.from("the fp32 part of the quantized model (before its QuantizeLinear or after its DequantizeLinear)");
        }
        int classes = refOut.size() / n;
        for (int i = 0; i < n; i++) {
            int pr = BatchedRun.argmax(refOut.data(), i * classes, classes);
            int pq = BatchedRun.argmax(qOut.data(), i * classes, classes);
            tally.correctReference += pr == labels[i] ? 1 : 0;
            tally.correctQuantized += pq == labels[i] ? 1 : 0;
            tally.agree += pr == pq ? 1 : 0;
            tally.countPrediction(labels[i], pq, classes);
        }
        tally.images += n;
    }

    /** @return what has been counted (live: later batches add to it) */
    public ValidationTally tally() {
        return tally;
    }

    @Override
    public void close() {
        ref.close();
    }
}
