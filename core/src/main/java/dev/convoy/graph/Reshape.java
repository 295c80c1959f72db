package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Reshape with its target resolved at import (shape chains are constant-folded).
 *
 * <p>On a batched value the target's first entry must denote the batch: the symbolic batch size, 0 (copy),
 * the model's static batch size, or −1 with every other entry known. The remaining entries form the
 * per-sample shape (at most one −1, 0 copies the input's dimension).
 *
 * @param target    the ONNX shape input; {@link #BATCH} marks the symbolic batch size
 * @param allowZero ONNX allowzero: 0 means a zero-sized dimension rather than "copy"
 * @param staticBatch the batch size the model declares, or −1 when its batch is symbolic
 */
public record Reshape(long[] target, boolean allowZero, long staticBatch) implements Op {
    /** Marks the symbolic batch dimension in a shape computed by Shape/Gather chains. */
    public static final long BATCH = Long.MIN_VALUE;

    @Override
    public String type() {
        return "Reshape";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Value x = inputs.get(0);
        if (!x.batched()) {
            return resolve(target, x.shape(), "");
        }
        if (target.length == 0) {
            throw new IllegalArgumentException("Reshape to a scalar would drop the batch dimension of " + x.describe());
        }
        long first = target[0];
        long[] rest = Arrays.copyOfRange(target, 1, target.length);
        boolean batchFirst = first == BATCH || (first == 0 && !allowZero) || (staticBatch > 0 && first == staticBatch);
        if (!batchFirst) {
            if (first != -1 || Arrays.stream(rest).anyMatch(d -> d < 0 || d == BATCH)) {
                throw new IllegalArgumentException("Reshape to " + describe(target) + " of " + x.describe()
                        + " must keep the batch dimension first");
            }
            long prod = Arrays.stream(rest).reduce(1, (p, d) -> p * d);
            if (prod != x.shape().size()) {
                throw new IllegalArgumentException("Reshape to " + describe(target) + " would move elements across samples of "
                        + x.describe());
            }
        }
        for (long d : rest) {
            if (d == BATCH) {
                throw new IllegalArgumentException("Reshape to " + describe(target) + " puts the batch dimension away from the front");
            }
        }
        return resolve(rest, x.shape(), " of " + x.describe());
    }

    private Shape resolve(long[] t, Shape in, String context) {
        long[] out = new long[t.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i];
            if (d == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw new IllegalArgumentException("Reshape target " + describe(target) + " copies a missing dimension" + context);
                }
                d = in.dim(i);
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("Reshape target " + describe(target) + " has two -1 entries");
                }
                infer = i;
                continue;
            }
            if (d < 0) {
                throw new IllegalArgumentException("Reshape target " + describe(target) + " has invalid entry " + d);
            }
            out[i] = d;
            known = Math.multiplyExact(known, d);
        }
        if (infer >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw new IllegalArgumentException("Reshape target " + describe(target) + " does not divide " + in.size() + " elements" + context);
            }
            out[infer] = in.size() / known;
        } else if (known != in.size()) {
            throw new IllegalArgumentException("Reshape target " + describe(target) + " holds " + known + " elements, input has "
                    + in.size() + context);
        }
        return Shape.ofLongs(out);
    }

    private static String describe(long[] t) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < t.length; i++) {
            b.append(i == 0 ? "" : ",").append(t[i] == BATCH ? "N" : Long.toString(t[i]));
        }
        return b.append(']').toString();
    }
}
