package dev.convoy.quant;

/**
 * A histogram of |x| over [0, limit) in equal bins (2048 by default, as TensorRT's entropy calibrator),
 * plus the exact observed minimum and maximum. Values at or beyond the limit fall in the last bin.
 */
public final class Histogram {
    /** Bins TensorRT's entropy calibrator uses. */
    public static final int BINS = 2048;
    private final double limit;
    private final long[] counts;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long total;

    /**
     * @param limit upper end of the last bin (the largest |x| seen in a first pass)
     * @param bins  number of bins
     */
    public Histogram(double limit, int bins) {
        this.limit = limit > 0 ? limit : 1e-8;
        this.counts = new long[bins];
    }

    /**
     * @param data   values
     * @param offset first one
     * @param length how many
     */
    public void add(float[] data, int offset, int length) {
        double scale = counts.length / limit;
        for (int i = offset; i < offset + length; i++) {
            float v = data[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            int b = (int) (Math.abs(v) * scale);
            counts[Math.min(b, counts.length - 1)]++;
        }
        total += length;
    }

    /** @return counts per bin (shared, do not modify) */
    public long[] counts() {
        return counts;
    }

    /** @return the width of one bin */
    public double binWidth() {
        return limit / counts.length;
    }

    /** @return the observed range */
    public Range observed() {
        return total == 0 ? new Range(0, 0) : new Range(min, max);
    }

    /** @return the number of values added */
    public long total() {
        return total;
    }
}
