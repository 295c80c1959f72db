package dev.convoy.quant;

/**
 * A real interval a tensor's values are mapped onto.
 *
 * @param min lower end
 * @param max upper end
 */
public record Range(double min, double max) {
    /** @return the largest magnitude, max(|min|, |max|) */
    public double absMax() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    /**
     * @param t a threshold on |x|
     * @return this range clipped to [−t, t]
     */
    public Range clip(double t) {
        return new Range(Math.max(min, -t), Math.min(max, t));
    }

    /**
     * @param other another range
     * @return the smallest range holding both
     */
    public Range union(Range other) {
        return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }
}
