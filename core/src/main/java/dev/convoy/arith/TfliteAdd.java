package dev.convoy.arith;

/**
 * TFLite's integer ADD of two tensors in different affine formats (tensorflow/lite/kernels/add.cc,
 * {@code PrepareGeneralSubgraph}): both inputs are shifted left by {@code leftShift} bits, scaled by Q31
 * multipliers relative to twice the larger input scale, summed, and the sum rescaled to the output scale.
 * Derived here once, for the integer reference and the OpenCL kernel alike.
 *
 * @param leftShift 20 for 8-bit outputs, 15 for 16-bit ones
 * @param a         multiplier of the first input, scale_a / (2·max(scale_a, scale_b))
 * @param b         multiplier of the second input
 * @param y         multiplier of the sum, 2·max(scale_a, scale_b) / (2^leftShift · scale_y)
 */
public record TfliteAdd(int leftShift, QuantizedMultiplier a, QuantizedMultiplier b, QuantizedMultiplier y) {
    /**
     * @param scaleA scale of the first input
     * @param scaleB scale of the second input
     * @param scaleY scale of the output
     * @param wide   whether the output is a 16-bit format
     * @return the parameters
     */
    public static TfliteAdd of(float scaleA, float scaleB, float scaleY, boolean wide) {
        int leftShift = wide ? 15 : 20;
        double twiceMax = 2 * Math.max((double) scaleA, (double) scaleB);
        return new TfliteAdd(leftShift, QuantizedMultiplier.of(scaleA / twiceMax), QuantizedMultiplier.of(scaleB / twiceMax),
                QuantizedMultiplier.of(twiceMax / ((1 << leftShift) * (double) scaleY)));
    }

    /**
     * @param qa the first input minus its zero point
     * @param qb the second input minus its zero point
     * @return the sum in the output's units, before its zero point and clamp
     */
    public long apply(int qa, int qb) {
        int sa = a.apply(qa * (1 << leftShift));
        int sb = b.apply(qb * (1 << leftShift));
        return y.apply(sa + sb);
    }
}
