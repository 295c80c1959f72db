package dev.convoy.quant;

import dev.convoy.arith.FixedPoint;
import dev.convoy.arith.OrtRequant;
import dev.convoy.arith.QuantizedMultiplier;

/**
 * The integer format of one activation tensor: real = (q − zeroPoint) · scale, q in [qmin, qmax]. In shift
 * mode the format is fixed point Q(W, F): scale = 2^−F, zero point 0, and {@code fixed} carries the rounding
 * and overflow modes.
 *
 * @param scale     real value of one step (float32, as ONNX stores it)
 * @param zeroPoint the integer standing for 0.0
 * @param qmin      smallest integer
 * @param qmax      largest integer
 * @param mode      how reals are rounded onto the grid
 * @param fixed     the fixed-point format in shift mode, else null
 */
public record ActQuant(float scale, int zeroPoint, int qmin, int qmax, RequantMode mode, FixedPoint fixed) {

    /**
     * Affine parameters for a range, as ONNX Runtime's quantization tool computes them: the range is
     * widened to contain 0, scale = (max − min) / (qmax − qmin), zero point = round(qmin − min / scale).
     *
     * @param r      the calibrated range
     * @param scheme int8 or int16
     * @param mode   onnx or tflite
     * @return the format
     */
    public static ActQuant affine(Range r, Scheme scheme, RequantMode mode) {
        double lo = Math.min(r.min(), 0), hi = Math.max(r.max(), 0);
        int qmin = scheme.qmin(), qmax = scheme.qmax();
        if (hi == lo) {
            return new ActQuant(1f, 0, qmin, qmax, mode, null);
        }
        float scale = (float) ((hi - lo) / (qmax - qmin));
        int zp = (int) Math.max(qmin, Math.min(qmax, Math.rint(qmin - lo / scale)));
        return new ActQuant(scale, zp, qmin, qmax, mode, null);
    }

    /**
     * @param format the fixed-point format Q(W, F)
     * @return the activation format it defines
     */
    public static ActQuant fixed(FixedPoint format) {
        int max = (int) format.maxRaw();
        return new ActQuant((float) format.lsb(), 0, -max - 1, max, RequantMode.SHIFT, format);
    }

    /**
     * @param x a real value
     * @return its integer, rounded by this mode's rule (ORT: half even; TFLite: half away; shift: the
     *     ap_fixed rounding and overflow modes)
     */
    public int quantize(float x) {
        return switch (mode) {
            case ONNX -> OrtRequant.quantize(x, scale, zeroPoint, qmin, qmax);
            case TFLITE -> OrtRequant.saturate(QuantizedMultiplier.roundHalfAway(x / scale) + zeroPoint, qmin, qmax);
            case SHIFT -> (int) fixed.fromDouble(x);
        };
    }

    /**
     * @param q an integer of this format
     * @return the real value it stands for, float32 (q − zp) · scale as DequantizeLinear computes it
     */
    public float dequantize(int q) {
        return (float) (q - zeroPoint) * scale;
    }

    /** @return fractional bits F in shift mode */
    public int frac() {
        return fixed == null ? 0 : fixed.frac();
    }
}
