package dev.convoy.arith;

/**
 * A signed power-of-two fixed-point format Q(W, F), as ap_fixed&lt;W, W−F, Q, O&gt;: W bits in all, F of them
 * fractional (F may be negative or exceed W), so a raw integer q stands for q · 2^−F.
 *
 * @param width    W, total bits including sign, 2..32
 * @param frac     F, fractional bits
 * @param rounding applied when bits are dropped
 * @param overflow applied when the rounded value does not fit W bits
 */
public record FixedPoint(int width, int frac, Rounding rounding, Overflow overflow) {
    /** Checks the width. */
    public FixedPoint {
        if (width < 2 || width > 32) {
            throw new IllegalArgumentException("fixed-point width " + width + " is outside 2..32");
        }
        if (frac < -64 || frac > 64) {
            throw new IllegalArgumentException("fractional bits " + frac + " are outside -64..64");
        }
    }

    /** @return the largest raw value, 2^(W−1) − 1 */
    public long maxRaw() {
        return (1L << (width - 1)) - 1;
    }

    /** @return the value of one LSB, 2^−F */
    public double lsb() {
        return Math.scalb(1.0, -frac);
    }

    /**
     * Converts a real value exactly as assigning a double to ap_fixed does.
     *
     * @param x a finite value
     * @return the raw W-bit integer
     */
    public long fromDouble(double x) {
        double scaled = Math.scalb(x, frac);
        if (Math.abs(scaled) >= 0x1p62) {
            return overflow.apply(scaled > 0 ? Long.MAX_VALUE >> 1 : Long.MIN_VALUE >> 1, width);
        }
        return overflow.apply(rounding.round(scaled), width);
    }

    /**
     * Converts a raw value held with another number of fractional bits (e.g. an accumulator with
     * F_x + F_w fractional bits) into this format: shift, round, then handle overflow.
     *
     * @param raw     the source value
     * @param srcFrac its fractional bits
     * @return the raw W-bit integer
     */
    public long fromRaw(long raw, int srcFrac) {
        int drop = srcFrac - frac;
        long v;
        if (drop > 62) {
            // |raw| / 2^drop < ½: only the sign and stickiness matter (exact for |raw| < 2^62)
            v = raw == 0 ? 0 : rounding.finish(raw < 0 ? -1 : 0, raw < 0, true, raw < 0);
        } else if (drop > 0) {
            v = rounding.shiftRight(raw, drop);
        } else if (drop < 0) {
            int up = -drop;
            if (overflow == Overflow.WRAP) {
                v = up >= 64 ? 0 : raw << up; // the low bits of the exact product survive a Java shift
            } else if (up >= 63 || Math.abs(raw) > (Long.MAX_VALUE >> up)) {
                v = raw == 0 ? 0 : (raw > 0 ? Long.MAX_VALUE : -Long.MAX_VALUE); // far out of any W-bit range
            } else {
                v = raw << up;
            }
        } else {
            v = raw;
        }
        return overflow.apply(v, width);
    }

    /**
     * @param raw a value in this format
     * @return the real value it stands for
     */
    public double toDouble(long raw) {
        return Math.scalb((double) raw, -frac);
    }
}
