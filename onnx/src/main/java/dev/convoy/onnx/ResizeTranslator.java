package dev.convoy.onnx;

import dev.convoy.graph.Resize;
import dev.convoy.graph.Value;

/** Resize (opset 11+), nearest or linear, output size from constant scales or sizes; the batch is never resized. */
final class ResizeTranslator {
    private ResizeTranslator() {
    }

    static void resize(OnnxNode n, ImportState s) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        String mode = n.getString("mode", "nearest");
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw n.error("mode '" + mode + "' is not supported (nearest, linear)");
        }
        if (n.has("axes")) {
            throw n.error("the axes attribute is not supported; give scales or sizes for every axis");
        }
        int r = x.shape().rank();
        double[] scales = n.input(2).isEmpty() ? null : s.constant(n, n.input(2), "scales").values();
        long[] sizes = n.input(3).isEmpty() ? null : s.constant(n, n.input(3), "sizes").longs();
        if (scales != null && scales.length == 0) {
            scales = null;
        }
        if ((scales == null) == (sizes == null)) {
            throw n.error("exactly one of scales and sizes must be given");
        }
        int given = scales != null ? scales.length : sizes.length;
        if (given != r + 1) {
            throw n.error((scales != null ? "scales" : "sizes") + " has " + given + " entries for " + x.describe());
        }
        float[] sc = new float[r];
        int[] out = new int[r];
        for (int d = 0; d < r; d++) {
            int in = x.shape().dim(d);
            if (scales != null) {
                sc[d] = (float) scales[d + 1];
                if (!(sc[d] > 0)) {
                    throw n.error("scale " + sc[d] + " must be positive");
                }
                out[d] = (int) (in * sc[d]); // ONNX: floor(input · scale)
            } else {
                if (sizes[d + 1] < 1 || sizes[d + 1] > 1 << 20) {
                    throw n.error("size " + sizes[d + 1] + " is out of range");
                }
                out[d] = (int) sizes[d + 1];
                sc[d] = (float) out[d] / in;
            }
            if (out[d] < 1) {
                throw n.error("axis " + (d + 2) + " of " + x.describe() + " would resize to nothing");
            }
        }
        if (scales != null ? scales[0] != 1 : sizes[0] != Long.MIN_VALUE && sizes[0] > 0 && s.staticBatch() > 0 && sizes[0] != s.staticBatch()) {
            throw n.error("resizing the batch axis is not supported");
        }
        try {
            s.emit(n, new Resize(mode.equals("linear"), n.getString("coordinate_transformation_mode", "half_pixel"),
                    n.getString("nearest_mode", "round_prefer_floor"), sc, out), java.util.List.of(s.irInput(n, n.input(0))));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
