package dev.convoy.arith;

/**
 * The seven ap_fixed quantization modes, applied when low-order bits are dropped. Each is defined on the
 * exact value: let t = floor(v), qb = the first dropped bit (weight ½ LSB), r = any further dropped bit set,
 * s = v &lt; 0; the result is t plus the increment given per mode (Xilinx ap_fixed_base.h).
 */
public enum Rounding {
    /** floor, toward −∞ (ap_fixed default, AP_TRN) */
    TRN(0),
    /** toward zero (AP_TRN_ZERO): +1 when s and any dropped bit */
    TRN_ZERO(1),
    /** nearest, ties toward +∞ (AP_RND): +qb */
    RND(2),
    /** nearest, ties toward zero (AP_RND_ZERO): +(qb and (s or r)) */
    RND_ZERO(3),
    /** nearest, ties toward −∞ (AP_RND_MIN_INF): +(qb and r) */
    RND_MIN_INF(4),
    /** nearest, ties away from zero (AP_RND_INF): +(qb and (not s or r)) */
    RND_INF(5),
    /** nearest, ties to even (AP_RND_CONV, convergent): +(qb and (lsb(t) or r)) */
    RND_CONV(6);

    private final int kernelCode;

    Rounding(int kernelCode) {
        this.kernelCode = kernelCode;
    }

    /** @return the code {@code requant.cl}'s {@code round_shift} receives for this mode (an explicit constant: reordering the constants must not change it) */
    public int kernelCode() {
        return kernelCode;
    }

    /**
     * @param t   floor of the exact value
     * @param qb  the first dropped bit (the exact value's fraction is ≥ ½)
     * @param r   any dropped bit below qb is set
     * @param neg the exact value is negative
     * @return t rounded per this mode
     */
    public long finish(long t, boolean qb, boolean r, boolean neg) {
        boolean inc = switch (this) {
            case TRN -> false;
            case TRN_ZERO -> neg && (qb || r);
            case RND -> qb;
            case RND_ZERO -> qb && (neg || r);
            case RND_MIN_INF -> qb && r;
            case RND_INF -> qb && (!neg || r);
            case RND_CONV -> qb && ((t & 1) != 0 || r);
        };
        return inc ? t + 1 : t;
    }

    /**
     * v / 2^bits rounded per this mode; exact for every long.
     *
     * @param v    value
     * @param bits dropped bits, 0..62
     * @return the rounded quotient
     */
    public long shiftRight(long v, int bits) {
        if (bits == 0) {
            return v;
        }
        long t = v >> bits;
        boolean qb = ((v >>> (bits - 1)) & 1) != 0;
        boolean r = (v & ((1L << (bits - 1)) - 1)) != 0;
        return finish(t, qb, r, v < 0);
    }

    /**
     * num / den rounded per this mode; exact.
     *
     * @param num numerator
     * @param den denominator, &gt; 0
     * @return the rounded quotient
     */
    public long divide(long num, long den) {
        long t = Math.floorDiv(num, den);
        long rem = num - t * den; // in [0, den)
        boolean qb = 2 * rem >= den;
        boolean r = qb ? 2 * rem > den : rem > 0;
        return finish(t, qb, r, num < 0);
    }

    /**
     * A double rounded to an integer per this mode, using the double's exact binary value.
     *
     * @param v a finite value with |v| &lt; 2^62
     * @return the rounded integer
     */
    public long round(double v) {
        double f = Math.floor(v);
        double frac = v - f; // exact: v and floor(v) share an exponent range
        boolean qb = frac >= 0.5;
        boolean r = qb ? frac > 0.5 : frac > 0;
        return finish((long) f, qb, r, v < 0);
    }
}
