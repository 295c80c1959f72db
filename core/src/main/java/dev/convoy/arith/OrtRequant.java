package dev.convoy.arith;

/**
 * ONNX Runtime's float-based quantization rules (MLAS), reproduced in Java's strict IEEE float32:
 * QuantizeLinear ({@code x / scale}, round half to even, add the zero point, saturate) and the requantization
 * of an integer accumulator in QLinearConv ({@code (float) acc · scale}, half to even).
 */
public final class OrtRequant {
    private OrtRequant() {
    }

    /**
     * QuantizeLinear.
     *
     * @param x     real value
     * @param scale quantization step (float32)
     * @param zp    zero point
     * @param qmin  smallest representable integer
     * @param qmax  largest representable integer
     * @return the saturated integer
     */
    public static int quantize(float x, float scale, int zp, int qmin, int qmax) {
        float v = x / scale;
        return saturate(Math.rint(v) + zp, qmin, qmax);
    }

    /**
     * The effective scale of QLinearConv's output channel: float32 {@code (x_scale · w_scale) / y_scale}.
     *
     * @param xScale input scale
     * @param wScale the channel's weight scale
     * @param yScale output scale
     * @return the requantization scale
     */
    public static float scale(float xScale, float wScale, float yScale) {
        return (xScale * wScale) / yScale;
    }

    /**
     * MlasRequantizeOutput: scale an accumulator and round half to even, before adding the zero point.
     *
     * @param acc   integer accumulator (an int64 is converted to float32 the same way)
     * @param scale requantization scale
     * @return the rounded value (add the output zero point and clamp after)
     */
    public static long requantize(long acc, float scale) {
        float f = (float) acc * scale;
        return (long) Math.rint(f);
    }

    /**
     * @param v    a rounded value (double so that huge values saturate rather than wrap)
     * @param qmin lower bound
     * @param qmax upper bound
     * @return v clamped to [qmin, qmax]
     */
    public static int saturate(double v, int qmin, int qmax) {
        return (int) Math.max(qmin, Math.min(qmax, v));
    }
}
