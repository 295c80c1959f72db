package dev.convoy.validate;

import dev.convoy.quant.QuantizedModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a validation has counted so far over some batches: images, correct top-1 of each side, agreements, and
 * every layer's {@link LayerTally}. Tallies of disjoint sets of whole batches {@link #merge} into exactly the
 * tally of their union, in any order — counts are integers, error sums exact ({@link ExactSum}), maxima
 * maxima — so a validation split over partitions, machines or retries gives the single-machine report bit for
 * bit (only the per-layer times differ).
 */
public final class ValidationTally implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, LayerTally> layers = new LinkedHashMap<>();
    long images;
    long correctReference;
    long correctQuantized;
    long agree;
    int classes;
    long[] confusion = new long[0];

    void countPrediction(int label, int predicted, int classCount) {
        if (classes == 0) {
            classes = classCount;
            confusion = new long[classCount * classCount];
        }
        if (label >= 0 && label < classes && predicted < classes) {
            confusion[label * classes + predicted]++;
        }
    }

    /**
     * @return the quantized model's confusion matrix, [true class][predicted class], images counted (empty before
     *     any image)
     */
    public long[][] confusion() {
        long[][] m = new long[classes][classes];
        for (int t = 0; t < classes; t++) {
            System.arraycopy(confusion, t * classes, m[t], 0, classes);
        }
        return m;
    }

    /** @return images counted */
    public long images() {
        return images;
    }

    /**
     * Adds another tally (of other batches) to this one. Layers this tally has not seen yet are appended in the
     * other's order; tallies of the same model see the same layers in the same order.
     *
     * @param other the other tally
     * @return this
     */
    public ValidationTally merge(ValidationTally other) {
        images += other.images;
        correctReference += other.correctReference;
        correctQuantized += other.correctQuantized;
        agree += other.agree;
        if (other.classes > 0) {
            if (classes == 0) {
                classes = other.classes;
                confusion = new long[classes * classes];
            }
            if (other.classes != classes) {
                throw new IllegalArgumentException("tallies of " + classes + " and " + other.classes + " classes do not merge");
            }
            for (int i = 0; i < confusion.length; i++) {
                confusion[i] += other.confusion[i];
            }
        }
        other.layers.forEach((name, t) -> {
            LayerTally mine = layers.get(name);
            if (mine == null) {
                mine = new LayerTally(t.op, t.format);
                layers.put(name, mine);
            }
            mine.merge(t);
        });
        return this;
    }

    /**
     * @param q the quantized model validated (its name, options and islands go into the report)
     * @return the report of everything counted
     */
    public ValidationReport report(QuantizedModel q) {
        List<LayerError> errors = new ArrayList<>();
        layers.forEach((name, t) -> errors.add(t.error(name)));
        double n = images;
        double tr = correctReference / n, tq = correctQuantized / n;
        return new ValidationReport(q.name(), q.options().describe(), (int) images, tr, tq, agree / n, 100 * (tr - tq), errors, q.islands());
    }
}
