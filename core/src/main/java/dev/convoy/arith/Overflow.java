package dev.convoy.arith;

/** The ap_fixed overflow modes, applied after rounding to fit a W-bit signed integer. */
public enum Overflow {
    /** keep the low W bits, two's complement (AP_WRAP, N = 0) */
    WRAP(0),
    /** clamp to [−2^(W−1), 2^(W−1) − 1] (AP_SAT) */
    SAT(1),
    /** out of range becomes 0 (AP_SAT_ZERO) */
    SAT_ZERO(2),
    /** clamp to [−(2^(W−1) − 1), 2^(W−1) − 1]; −2^(W−1) itself becomes −(2^(W−1) − 1) (AP_SAT_SYM) */
    SAT_SYM(3);

    private final int kernelCode;

    Overflow(int kernelCode) {
        this.kernelCode = kernelCode;
    }

    /** @return the code {@code requant.cl}'s {@code overflow_fit} receives for this mode (an explicit constant: reordering the constants must not change it) */
    public int kernelCode() {
        return kernelCode;
    }

    /**
     * @param v     a rounded value
     * @param width W, 2..63
     * @return v fitted into a signed W-bit integer per this mode
     */
    public long apply(long v, int width) {
        long max = (1L << (width - 1)) - 1;
        long min = -max - 1;
        return switch (this) {
            case WRAP -> (v << (64 - width)) >> (64 - width);
            case SAT -> Math.max(min, Math.min(max, v));
            case SAT_ZERO -> v < min || v > max ? 0 : v;
            case SAT_SYM -> Math.max(-max, Math.min(max, v));
        };
    }
}
