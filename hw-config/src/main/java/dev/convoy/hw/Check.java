package dev.convoy.hw;

/**
 * Field checks shared by the config records; messages name the YAML field. The ranges keep every derived
 * quantity finite and inside a {@code long}: the slowest memory (1 MB/s) at the fastest clock (10 GHz)
 * moving the largest buffer (64 GiB) takes about 7·10¹⁴ cycles, far below 2⁶³.
 */
final class Check {
    private Check() {
    }

    static void positive(String field, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + v);
        }
    }

    static void within(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
        }
    }

    static void within(String field, double v, double min, double max, String unitHint) {
        if (!(v >= min && v <= max)) { // also refuses NaN
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "]" + unitHint + ", got " + v);
        }
    }
}
