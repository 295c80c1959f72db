package dev.convoy.validate;

import dev.convoy.quant.ActQuant;
import java.io.Serializable;

/**
 * One layer's comparison so far: Σ x² and Σ (x − x̂)² (exact over batches), the largest |x − x̂|, the elements
 * compared and the integer run's time. Mergeable: tallies of disjoint batches add up to the tally of all.
 */
final class LayerTally implements Serializable {
    private static final long serialVersionUID = 1L;

    final String op;
    final String format;
    final ExactSum signal = new ExactSum();
    final ExactSum noise = new ExactSum();
    double maxErr;
    long elements;
    long nanos;

    LayerTally(String op, String format) {
        this.op = op;
        this.format = format;
    }

    /**
     * Adds one batch of a layer: fp32 values r against the integers q of the format. The error of an element is
     * float32 {@code r − (q − zp)·scale} (DequantizeLinear's own arithmetic); its square and r's are summed in
     * double over the batch, four partial sums at a time, then added exactly to the totals (the fp32 values are
     * finite: the run refused any that was not).
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
        signal.add((s0 + s1) + (s2 + s3));
        noise.add((n0 + n1) + (n2 + n3));
        maxErr = Math.max(maxErr, worst);
        elements += q.length;
    }

    void merge(LayerTally other) {
        signal.add(other.signal);
        noise.add(other.noise);
        maxErr = Math.max(maxErr, other.maxErr);
        elements += other.elements;
        nanos += other.nanos;
    }

    LayerError error(String name) {
        double n = noise.value();
        return new LayerError(name, op, format, n == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal.value() / n), maxErr, elements,
                nanos / 1e9);
    }
}
