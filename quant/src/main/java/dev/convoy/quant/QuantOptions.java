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
 * @param exclude        node names or operator types (ONNX names, e.g. {@code Mul}) kept in fp32 as islands
 *                       (ONNX Runtime's nodes_to_exclude and op_types_to_quantize, inverted)
 * @param layerSchemes   per-node integer formats for mixed precision (an int16 layer in an int8 model, fixed:12 in a
 *                       fixed:8 one): the node's weights and output take that width
 */
public record QuantOptions(Scheme scheme, CalibrationMethod method, RequantMode requant, int calibImages,
                           Map<String, CalibrationMethod> overrides, Rounding rounding, Overflow overflow, java.util.Set<String> exclude,
                           Map<String, Scheme> layerSchemes) implements java.io.Serializable {
    /** Checks that the combination makes sense. */
    public QuantOptions {
        overrides = Map.copyOf(overrides);
        exclude = java.util.Set.copyOf(exclude);
        layerSchemes = Map.copyOf(layerSchemes);
        for (Map.Entry<String, Scheme> e : layerSchemes.entrySet()) {
            if (e.getValue().kind() == Scheme.Kind.FIXED != (scheme.kind() == Scheme.Kind.FIXED)) {
                throw new BadInputException("layer scheme " + e.getKey() + "=" + e.getValue() + " mixes " + (scheme.kind() == Scheme.Kind.FIXED
                        ? "affine formats into a power-of-two" : "power-of-two formats into an affine") + " " + scheme + " model");
            }
        }
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

    /** As the canonical constructor, excluding nothing. */
    public QuantOptions(Scheme scheme, CalibrationMethod method, RequantMode requant, int calibImages,
                        Map<String, CalibrationMethod> overrides, Rounding rounding, Overflow overflow) {
        this(scheme, method, requant, calibImages, overrides, rounding, overflow, java.util.Set.of(), Map.of());
    }

    /** As the canonical constructor, with one integer format for every layer. */
    public QuantOptions(Scheme scheme, CalibrationMethod method, RequantMode requant, int calibImages,
                        Map<String, CalibrationMethod> overrides, Rounding rounding, Overflow overflow, java.util.Set<String> exclude) {
        this(scheme, method, requant, calibImages, overrides, rounding, overflow, exclude, Map.of());
    }

    /**
     * @param schemes per-node formats
     * @return these options with them
     */
    public QuantOptions withLayerSchemes(Map<String, Scheme> schemes) {
        return new QuantOptions(scheme, method, requant, calibImages, overrides, rounding, overflow, exclude, schemes);
    }

    /**
     * @param node a node name
     * @return the options that node is quantized with (its own format when it has one)
     */
    public QuantOptions forNode(String node) {
        Scheme s = layerSchemes.get(node);
        return s == null ? this : new QuantOptions(s, method, requant, calibImages, overrides, rounding, overflow, exclude, Map.of());
    }

    /**
     * @param names node names or operator types to keep in fp32
     * @return these options with that exclusion list
     */
    public QuantOptions withExclude(java.util.Set<String> names) {
        return new QuantOptions(scheme, method, requant, calibImages, overrides, rounding, overflow, names, layerSchemes);
    }

    /** @return whether scales are powers of two (shift mode) */
    public boolean powerOfTwo() {
        return requant == RequantMode.SHIFT;
    }

    /** @return a one-line description, e.g. {@code int8 onnx minmax, 1000 calibration images} */
    public String describe() {
        return scheme + " " + requant + " " + method.spec() + (overrides.isEmpty() ? "" : " (+" + overrides.size() + " per-layer)")
                + (exclude.isEmpty() ? "" : " (" + exclude.size() + " excluded)")
                + (layerSchemes.isEmpty() ? "" : " (" + layerSchemes.size() + " layers in other formats)")
                + ", " + calibImages + " calibration images" + (powerOfTwo() ? ", " + rounding + "/" + overflow : "");
    }
}
