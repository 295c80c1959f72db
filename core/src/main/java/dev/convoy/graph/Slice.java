package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A strided window of each sample (ONNX Slice and each output of Split), resolved at import against the input
 * shape: along per-sample axis d it keeps {@code count[d]} elements starting at {@code start[d]}, {@code step[d]}
 * apart (negative steps walk backwards).
 *
 * @param start first kept index per per-sample axis
 * @param step  stride per axis (non-zero)
 * @param count kept elements per axis
 */
public record Slice(int[] start, int[] step, int[] count) implements Op, Rearrangement {
    /** Checks the three arrays describe one rank. */
    public Slice {
        if (start.length != step.length || step.length != count.length) {
            throw new IllegalArgumentException("Slice start/step/count ranks differ");
        }
        for (int d = 0; d < step.length; d++) {
            if (step[d] == 0 || count[d] < 0) {
                throw new IllegalArgumentException("Slice step 0 or negative count on axis " + d);
            }
        }
    }

    @Override
    public String type() {
        return "Slice";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, start.length, "Slice").shape();
        for (int d = 0; d < start.length; d++) {
            long last = start[d] + (long) (count[d] - 1) * step[d];
            if (count[d] > 0 && (start[d] < 0 || start[d] >= x.dim(d) || last < 0 || last >= x.dim(d))) {
                throw new IllegalArgumentException("Slice reads outside axis " + (d + 1) + " of " + inputs.get(0).describe());
            }
        }
        return Shape.of(count.clone());
    }

    @Override
    public int[] sourceIndex(Shape in) {
        int rank = start.length;
        int[] stepOut = new int[rank];
        int first = 0;
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            stepOut[d] = step[d] * s;
            first += start[d] * s;
            s *= in.dim(d);
        }
        return Odometer.walk(count, stepOut, first);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Slice s && Arrays.equals(start, s.start) && Arrays.equals(step, s.step) && Arrays.equals(count, s.count);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(count);
    }

    @Override
    public String toString() {
        return "Slice[start=" + Arrays.toString(start) + ", step=" + Arrays.toString(step) + ", count=" + Arrays.toString(count) + "]";
    }
}
