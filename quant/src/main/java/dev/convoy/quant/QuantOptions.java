package dev.convoy.quant;

import dev.convoy.BadInputException;
import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import java.util.Map;

/**
 * Everything that decides how a model is quantized.
 *
 * @param scheme         int8, int16 or fixed:W
 * @param method         default calibration method for activations
 * @param requant        requantization mode
 * @param calibImages    training images used for calibration
 * @param overrides      per-layer calibration methods, keyed by node name (or value name)
 * @param rounding       shift mode: rounding when bits are dropped (default RND, half up, as PipeCNN)
 * @param overflow       shift mode: overflow handling (default SAT)
 */
public record QuantOptions(Scheme scheme, CalibrationMethod method, RequantMode requant, int calibImages,
                           Map<String, CalibrationMethod> overrides, Rounding rounding, Overflow overflow) {
    /** Checks that the combination makes sense. */
    public QuantOptions {
        overrides = Map.copyOf(overrides);
        if (scheme.kind() == Scheme.Kind.FIXED && requant != RequantMode.SHIFT) {
            throw new BadInputException(scheme + " uses power-of-two scales: its requantization mode must be shift");
        }
        if (calibImages < 1) {
            throw new BadInputException("calibration needs at least 1 image, got " + calibImages);
        }
    }

    /**
     * @param scheme  the format
     * @param requant the mode, or null for the scheme's natural one (shift for fixed point, onnx otherwise)
     * @return defaults: minmax on 1,000 images, RND and SAT for shift mode
     */
    public static QuantOptions defaults(Scheme scheme, RequantMode requant) {
        RequantMode mode = requant != null ? requant : scheme.kind() == Scheme.Kind.FIXED ? RequantMode.SHIFT : RequantMode.ONNX;
        return new QuantOptions(scheme, new CalibrationMethod.MinMax(), mode, 1000, Map.of(), Rounding.RND, Overflow.SAT);
    }

    /** @return whether scales are powers of two (shift mode) */
    public boolean powerOfTwo() {
        return requant == RequantMode.SHIFT;
    }

    /** @return a one-line description, e.g. {@code int8 onnx minmax, 1000 calibration images} */
    public String describe() {
        return scheme + " " + requant + " " + method.spec() + (overrides.isEmpty() ? "" : " (+" + overrides.size() + " per-layer)")
                + ", " + calibImages + " calibration images" + (powerOfTwo() ? ", " + rounding + "/" + overflow : "");
    }
}
