package dev.convoy.engine;

import dev.convoy.BadInputException;
import dev.convoy.quant.Scheme;
import java.util.Locale;

/**
 * The number format a model runs in: fp32, or one of the integer {@link Scheme}s (int8, int16, fixed:W).
 *
 * @param scheme the integer format, or null for fp32
 */
public record Precision(Scheme scheme) {
    /** 32-bit floating point: the fp32 graph as imported. */
    public static final Precision FP32 = new Precision(null);

    /** The text forms {@link #parse} accepts. */
    public static final String FORMS = "fp32, int8, int16, fixed:W (W = 4..16)";

    /**
     * @param scheme an integer format
     * @return that precision
     */
    public static Precision of(Scheme scheme) {
        return new Precision(scheme);
    }

    /**
     * @param text fp32, int8, int16 or fixed:W
     * @return the precision
     * @throws BadInputException naming the text when it is none of them
     */
    public static Precision parse(String text) {
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("fp32")) {
            return FP32;
        }
        try {
            return new Precision(Scheme.parse(text));
        } catch (BadInputException e) {
            if (text.trim().toLowerCase(Locale.ROOT).startsWith("fixed:")) {
                throw e; // names what is wrong with W
            }
            throw new BadInputException(text + " is not one of " + FORMS, e);
        }
    }

    /** @return whether this is fp32 */
    public boolean isFloat() {
        return scheme == null;
    }

    @Override
    public String toString() {
        return scheme == null ? "fp32" : scheme.toString();
    }
}
