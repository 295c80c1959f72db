package dev.convoy.validate;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A sum of doubles without rounding: every double is a finite binary fraction, so their sum in
 * {@link BigDecimal} is exact and does not depend on the order they were added in. Tallies made on
 * different machines, over different splits of the same batches, therefore merge into the same total bit
 * for bit — the property distributed validation needs. Cheap where it is used: one addition per layer and
 * batch, the batch's own sum made in double.
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private BigDecimal sum = BigDecimal.ZERO;

    /**
     * @param x a finite double
     * @throws IllegalArgumentException for NaN or an infinity (which has no exact value)
     */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("an exact sum takes finite values, got " + x);
        }
        if (x != 0) {
            sum = sum.add(new BigDecimal(x));
        }
    }

    /** @param other another sum, added to this one */
    public void add(ExactSum other) {
        sum = sum.add(other.sum);
    }

    /** @return the sum rounded once, to the nearest double */
    public double value() {
        return sum.doubleValue();
    }
}
