package dev.convoy.quant;

import dev.convoy.BadInputException;

/**
 * The integer format of weights and activations: affine int8 or int16 (scale and zero point), or signed
 * power-of-two fixed point Q(W, F) of width W.
 *
 * @param kind int8, int16 or fixed
 * @param bits storage width W: 8, 16, or 4..16 for fixed point
 */
public record Scheme(Kind kind, int bits) implements java.io.Serializable {
    /** The family of format. */
    public enum Kind {
        /** affine 8-bit */
        INT8,
        /** affine 16-bit */
        INT16,
        /** power-of-two fixed point */
        FIXED
    }

    /** Checks the width against the kind. */
    public Scheme {
        if (kind == Kind.FIXED && (bits < 4 || bits > 16)) {
            throw new BadInputException("fixed:" + bits + ": width must be 4..16 bits");
        }
    }

    /**
     * @param text {@code int8}, {@code int16} or {@code fixed:W}
     * @return the scheme
     * @throws BadInputException for anything else
     */
    public static Scheme parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("int8")) {
            return new Scheme(Kind.INT8, 8);
        }
        if (t.equals("int16")) {
            return new Scheme(Kind.INT16, 16);
        }
        if (t.startsWith("fixed:")) {
            try {
                return new Scheme(Kind.FIXED, Integer.parseInt(t.substring(6)));
            } catch (NumberFormatException e) {
                throw new BadInputException(text + ": W must be an integer (fixed:W, W in 4..16)");
            }
        }
        throw new BadInputException(text + " is not one of int8, int16, fixed:W");
    }

    /** @return the smallest representable activation value, −2^(W−1) */
    public int qmin() {
        return -(1 << (bits - 1));
    }

    /** @return the largest representable value, 2^(W−1) − 1 */
    public int qmax() {
        return (1 << (bits - 1)) - 1;
    }

    @Override
    public String toString() {
        return kind == Kind.FIXED ? "fixed:" + bits : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
