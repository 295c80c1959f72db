package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Resize (opset 11+) on per-sample axes, nearest or (multi)linear, with the output size fixed at import.
 *
 * @param linear       linear interpolation (else nearest)
 * @param coordinates  coordinate_transformation_mode: half_pixel, pytorch_half_pixel, align_corners,
 *                     asymmetric or tf_half_pixel_for_nearest
 * @param nearestMode  nearest_mode: round_prefer_floor, round_prefer_ceil, floor or ceil
 * @param scales       per-sample-axis scale (output/input as the model states it, or as derived from sizes)
 * @param outDims      per-sample output shape
 */
public record Resize(boolean linear, String coordinates, String nearestMode, float[] scales, int[] outDims) implements Op {
    /** The coordinate modes and nearest modes ONNX defines and Convoy computes. */
    public static final List<String> COORDINATE_MODES = List.of("half_pixel", "pytorch_half_pixel", "align_corners",
            "asymmetric", "tf_half_pixel_for_nearest");
    /** Rounding rules of nearest mode. */
    public static final List<String> NEAREST_MODES = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

    /** Rejects modes outside the lists. */
    public Resize {
        if (!COORDINATE_MODES.contains(coordinates)) {
            throw new IllegalArgumentException("Resize coordinate_transformation_mode '" + coordinates + "' is not one of " + COORDINATE_MODES);
        }
        if (!NEAREST_MODES.contains(nearestMode)) {
            throw new IllegalArgumentException("Resize nearest_mode '" + nearestMode + "' is not one of " + NEAREST_MODES);
        }
    }

    @Override
    public String type() {
        return "Resize";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Op.batchedInput(inputs, 0, outDims.length, "Resize");
        return Shape.of(outDims.clone());
    }

    /**
     * @param outIndex output coordinate along an axis
     * @param axis     per-sample axis
     * @param inSize   input extent of that axis
     * @return the input coordinate it maps to, before rounding or clamping (float32, as ONNX Runtime computes it)
     */
    public float sourceCoordinate(int outIndex, int axis, int inSize) {
        float scale = scales[axis];
        int outSize = outDims[axis];
        return switch (coordinates) {
            case "half_pixel" -> (outIndex + 0.5f) / scale - 0.5f;
            case "pytorch_half_pixel" -> outSize > 1 ? (outIndex + 0.5f) / scale - 0.5f : 0f;
            case "align_corners" -> outSize == 1 ? 0f : outIndex * (float) (inSize - 1) / (outSize - 1);
            case "asymmetric" -> outIndex / scale;
            default -> (outIndex + 0.5f) / scale; // tf_half_pixel_for_nearest
        };
    }

    /**
     * @param x      a source coordinate
     * @param inSize the axis' input extent
     * @return the nearest input index by {@link #nearestMode}, clamped into the axis
     */
    public int nearest(float x, int inSize) {
        int i = switch (nearestMode) {
            case "round_prefer_floor" -> x == Math.floor(x) + 0.5f ? (int) Math.floor(x) : Math.round(x);
            case "round_prefer_ceil" -> (int) Math.floor(x + 0.5f);
            case "floor" -> (int) Math.floor(x);
            default -> (int) Math.ceil(x);
        };
        return Math.max(0, Math.min(inSize - 1, i));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resize r && linear == r.linear && coordinates.equals(r.coordinates) && nearestMode.equals(r.nearestMode)
                && Arrays.equals(scales, r.scales) && Arrays.equals(outDims, r.outDims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(outDims) * 31 + coordinates.hashCode();
    }

    @Override
    public String toString() {
        return "Resize[" + (linear ? "linear" : "nearest/" + nearestMode) + ", " + coordinates + ", scales=" + Arrays.toString(scales)
                + ", out=" + Arrays.toString(outDims) + "]";
    }
}
