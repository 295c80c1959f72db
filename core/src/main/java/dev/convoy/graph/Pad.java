package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Pad on a batched value, per-sample: {@code begin[i]} and {@code end[i]} elements added before and after
 * each per-sample axis i.
 *
 * @param begin elements added before, per per-sample axis (≥ 0)
 * @param end   elements added after, per per-sample axis (≥ 0)
 * @param mode  constant, reflect or edge
 * @param value the fill for constant mode
 */
public record Pad(int[] begin, int[] end, PadMode mode, float value) implements Op {
    /** Rejects negative (cropping) pads and mismatched lengths. */
    public Pad {
        if (begin.length != end.length) {
            throw new IllegalArgumentException("Pad begin and end lengths differ");
        }
        for (int i = 0; i < begin.length; i++) {
            if (begin[i] < 0 || end[i] < 0) {
                throw new IllegalArgumentException("negative pads (cropping) are not supported: "
                        + Arrays.toString(begin) + " " + Arrays.toString(end));
            }
        }
    }

    @Override
    public String type() {
        return "Pad";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, begin.length, "Pad").shape();
        int[] out = x.dims();
        for (int i = 0; i < out.length; i++) {
            if (mode == PadMode.REFLECT && (begin[i] >= x.dim(i) || end[i] >= x.dim(i))) {
                throw new IllegalArgumentException("reflect pad " + Math.max(begin[i], end[i]) + " must be smaller than axis size " + x.dim(i));
            }
            if (mode != PadMode.CONSTANT && x.dim(i) == 0 && begin[i] + end[i] > 0) {
                throw new IllegalArgumentException(mode + " pad of an empty axis");
            }
            out[i] += begin[i] + end[i];
        }
        return Shape.of(out);
    }

    /**
     * The padding as an index map, shared by every backend: for each output element (per sample, row-major),
     * the input element it copies, or −1 where the constant fill goes.
     *
     * @param in the per-sample input shape
     * @return one source index per output element
     */
    public int[] sourceIndex(Shape in) {
        int rank = in.rank();
        int[] out = in.dims();
        for (int d = 0; d < rank; d++) {
            out[d] += begin[d] + end[d];
        }
        Shape outShape = Shape.of(out);
        int[] strides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            strides[d] = s;
            s *= in.dim(d);
        }
        int[] map = new int[outShape.size()];
        for (int i = 0; i < map.length; i++) {
            int rem = i, src = 0;
            for (int d = rank - 1; d >= 0 && src >= 0; d--) {
                int p = source(rem % out[d] - begin[d], in.dim(d));
                rem /= out[d];
                src = p < 0 ? -1 : src + p * strides[d];
            }
            map[i] = src;
        }
        return map;
    }

    /** @return the input position read for padded position p, or −1 for the fill value */
    private int source(int p, int len) {
        if (p >= 0 && p < len) {
            return p;
        }
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> p < 0 ? 0 : len - 1;
            case REFLECT -> p < 0 ? -p : 2 * (len - 1) - p;
        };
    }
}
