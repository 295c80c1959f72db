package dev.convoy.arith;

/**
 * A real multiplier M as gemmlowp / TFLite hold it: a Q31 mantissa in [2^30, 2^31 − 1] and a power-of-two
 * exponent, M ≈ multiplier · 2^(shift − 31). Applying it uses the integer-only double-rounding rule of
 * TFLite's default build (SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT).
 *
 * @param multiplier Q31 mantissa (0 when M is too small to represent)
 * @param shift      exponent: positive shifts left before the multiply, negative right after it
 */
public record QuantizedMultiplier(int multiplier, int shift) {

    /**
     * TFLite's QuantizeMultiplier: frexp, round the mantissa half away from zero to 31 bits.
     *
     * @param m a real multiplier ≥ 0 (typically in_scale · w_scale / out_scale, computed in double)
     * @return its Q31 form
     */
    public static QuantizedMultiplier of(double m) {
        if (m < 0 || Double.isNaN(m) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("multiplier " + m + " must be finite and non-negative");
        }
        if (m == 0) {
            return new QuantizedMultiplier(0, 0);
        }
        int exp = Math.getExponent(m) + 1; // frexp: m = q · 2^exp, q in [0.5, 1)
        double q = m / Math.scalb(1.0, exp);
        long qFixed = (long) roundHalfAway(q * (1L << 31));
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            exp++;
        }
        if (exp < -31) {
            return new QuantizedMultiplier(0, 0);
        }
        return new QuantizedMultiplier((int) qFixed, exp);
    }

    /**
     * gemmlowp SaturatingRoundingDoublingHighMul: (a·b + 2^30) / 2^31 with C truncation toward zero
     * (nudge 1 − 2^30 for negative products), saturating the single overflow case INT_MIN·INT_MIN.
     *
     * @param a one factor
     * @param b the other
     * @return the rounded high half of 2·a·b
     */
    public static int srdhm(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * b;
        long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31));
    }

    /**
     * gemmlowp RoundingDivideByPOT: x / 2^e rounded half away from zero.
     *
     * @param x value
     * @param e exponent, 0..31
     * @return the rounded quotient
     */
    public static int rdbpot(int x, int e) {
        int mask = (int) ((1L << e) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> e) + (remainder > threshold ? 1 : 0);
    }

    /**
     * TFLite MultiplyByQuantizedMultiplier (default, double-rounding build) on a 32-bit accumulator. The
     * left shift wraps on overflow, as the C++ does.
     *
     * @param x an int32 accumulator
     * @return round(x · M)
     */
    public int apply(int x) {
        int left = Math.max(shift, 0);
        int right = Math.max(-shift, 0);
        return rdbpot(srdhm(x * (1 << left), multiplier), right);
    }

    /**
     * TFLite's 64-bit-input overload (int16 activations): the multiplier is reduced to 16 bits
     * ({@code (M + 2^15) >> 16}, at most 2^15 − 1) and one half-up rounding shift of 15 − shift applied.
     *
     * @param x an int64 accumulator
     * @return round(x · M) as int32 (saturated)
     */
    public int apply(long x) {
        long reduced = multiplier < 0x7FFF0000 ? ((long) multiplier + (1 << 15)) >> 16 : 0x7FFF;
        int total = 15 - shift;
        long result;
        if (total <= 0) {
            result = x * reduced << -total;
        } else {
            long round = 1L << (total - 1);
            result = (x * reduced + round) >> total;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
    }

    /**
     * std::round: half away from zero.
     *
     * @param v value
     * @return the nearest integer, ties away from zero
     */
    public static double roundHalfAway(double v) {
        return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
    }
}
