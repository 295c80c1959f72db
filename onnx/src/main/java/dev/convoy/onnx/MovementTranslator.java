package dev.convoy.onnx;

import dev.convoy.graph.Gather;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Slice;
import dev.convoy.graph.Transpose;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transpose, Slice, Split, Gather, Squeeze and Unsqueeze on computed tensors (on constants they are shape
 * arithmetic, evaluated at import). The batch axis must stay where it is and whole: every index the ONNX node
 * names is turned into a per-sample index here, against the input shape known at import.
 */
final class MovementTranslator {
    private MovementTranslator() {
    }

    private static Value batched(OnnxNode n, ImportState s) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        return x;
    }

    /** @return the per-sample axis for an ONNX axis on the full (batched) shape */
    private static int sampleAxis(OnnxNode n, long axis, Value x) {
        int full = x.shape().rank() + 1;
        long a = axis < 0 ? axis + full : axis;
        if (a < 0 || a >= full) {
            throw n.error("axis " + axis + " out of range for " + x.describe());
        }
        if (a == 0) {
            throw n.error("operating along the batch axis of " + x.describe() + " is not supported");
        }
        return (int) a - 1;
    }

    static void transpose(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        int full = x.shape().rank() + 1;
        long[] perm = n.getInts("perm");
        if (perm == null) {
            throw n.error("a Transpose without perm reverses the axes and would move the batch axis");
        }
        if (perm.length != full || perm[0] != 0) {
            throw n.error("perm " + Arrays.toString(perm) + " must keep the batch axis first for " + x.describe());
        }
        int[] p = new int[full - 1];
        for (int i = 1; i < full; i++) {
            p[i - 1] = (int) perm[i] - 1;
        }
        try {
            s.emit(n, new Transpose(p), List.of(s.irInput(n, n.input(0))));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    static void slice(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        long[] starts, ends, axes, steps;
        if (n.opset() < 10) {
            starts = n.getInts("starts");
            ends = n.getInts("ends");
            axes = n.getInts("axes");
            steps = null;
        } else {
            starts = s.constant(n, n.input(1), "starts").longs();
            ends = s.constant(n, n.input(2), "ends").longs();
            axes = n.input(3).isEmpty() ? null : s.constant(n, n.input(3), "axes").longs();
            steps = n.input(4).isEmpty() ? null : s.constant(n, n.input(4), "steps").longs();
        }
        if (starts == null || ends == null || starts.length != ends.length) {
            throw n.error("starts and ends must be given with one length");
        }
        Shape in = x.shape();
        int r = in.rank();
        int[] start = new int[r], step = new int[r], count = in.dims();
        Arrays.fill(step, 1);
        for (int k = 0; k < starts.length; k++) {
            long axis = axes == null ? k : axes[k];
            long st = steps == null ? 1 : steps[k];
            if (st == 0) {
                throw n.error("step 0");
            }
            int full = r + 1;
            long a = axis < 0 ? axis + full : axis;
            if (a == 0) {
                // the whole batch only: start 0, end at or past any batch size, step 1
                if (starts[k] != 0 || ends[k] < Integer.MAX_VALUE || st != 1) {
                    throw n.error("slicing the batch axis of " + x.describe() + " is not supported");
                }
                continue;
            }
            int d = sampleAxis(n, axis, x);
            long dim = in.dim(d);
            if (Math.abs(st) > dim) {
                st = st > 0 ? Math.max(1, dim) : -Math.max(1, dim); // one element at most either way; avoids overflow below
            }
            long b = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            long c;
            if (st > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
                c = Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.max(0, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
                c = Math.max(0, (b - e + (-st) - 1) / (-st));
            }
            start[d] = (int) b;
            step[d] = (int) st;
            count[d] = (int) c;
        }
        emitSlice(n, s, n.name(), new Slice(start, step, count), n.output());
    }

    private static void emitSlice(OnnxNode n, ImportState s, String name, Slice slice, String output) {
        s.emit(n, name, slice, List.of(s.irInput(n, n.input(0))), output);
    }

    static void split(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        int d = sampleAxis(n, n.getInt("axis", 0), x);
        int dim = x.shape().dim(d);
        int parts = n.outputs().size();
        long[] sizes;
        if (n.opset() >= 13 && !n.input(1).isEmpty()) {
            sizes = s.constant(n, n.input(1), "split").longs();
        } else if (n.opset() < 13 && n.getInts("split") != null) {
            sizes = n.getInts("split");
        } else {
            // equal parts, the last one smaller when the axis does not divide (opset 18's num_outputs rule)
            int chunk = (dim + parts - 1) / parts;
            sizes = new long[parts];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(chunk, dim - (long) i * chunk));
            }
        }
        if (sizes.length != parts || Arrays.stream(sizes).sum() != dim || Arrays.stream(sizes).anyMatch(v -> v < 0)) {
            throw n.error("split sizes " + Arrays.toString(sizes) + " do not cut axis " + (d + 1) + " of " + x.describe()
                    + " into " + parts + " outputs");
        }
        int at = 0;
        for (int i = 0; i < parts; i++) {
            int[] start = new int[x.shape().rank()], step = new int[start.length], count = x.shape().dims();
            Arrays.fill(step, 1);
            start[d] = at;
            count[d] = (int) sizes[i];
            at += (int) sizes[i];
            String out = n.outputs().get(i);
            if (!out.isEmpty()) {
                emitSlice(n, s, parts == 1 ? n.name() : n.name() + "/" + i, new Slice(start, step, count), out);
            }
        }
    }

    static void gather(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        int d = sampleAxis(n, n.getInt("axis", 0), x);
        ConstTensor idx = s.constant(n, n.input(1), "indices");
        long[] raw = idx.longs();
        int[] indices = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            long v = raw[i] < 0 ? raw[i] + x.shape().dim(d) : raw[i];
            if (v < 0 || v >= x.shape().dim(d)) {
                throw n.error("index " + raw[i] + " out of range for axis " + (d + 1) + " of " + x.describe());
            }
            indices[i] = (int) v;
        }
        int[] shape = Arrays.stream(idx.dims()).mapToInt(v -> (int) v).toArray();
        s.emit(n, new Gather(d, indices, shape), List.of(s.irInput(n, n.input(0))));
    }

    private static long[] axes(OnnxNode n, ImportState s) {
        if (n.opset() >= 13) {
            return n.input(1).isEmpty() ? null : s.constant(n, n.input(1), "axes").longs();
        }
        return n.getInts("axes");
    }

    static void squeeze(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        long[] axes = axes(n, s);
        List<Long> target = new ArrayList<>();
        target.add(Reshape.BATCH);
        boolean[] drop = new boolean[x.shape().rank()];
        if (axes == null) {
            for (int d = 0; d < drop.length; d++) {
                drop[d] = x.shape().dim(d) == 1;
            }
        } else {
            for (long a : axes) {
                int d = sampleAxis(n, a, x);
                if (x.shape().dim(d) != 1) {
                    throw n.error("cannot squeeze axis " + (d + 1) + " of " + x.describe() + ": it is not 1");
                }
                drop[d] = true;
            }
        }
        for (int d = 0; d < drop.length; d++) {
            if (!drop[d]) {
                target.add((long) x.shape().dim(d));
            }
        }
        reshape(n, s, target);
    }

    static void unsqueeze(OnnxNode n, ImportState s) {
        Value x = batched(n, s);
        long[] axes = axes(n, s);
        if (axes == null) {
            throw n.error("axes are required");
        }
        int outRank = x.shape().rank() + 1 + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (long a : axes) {
            long v = a < 0 ? a + outRank : a;
            if (v <= 0 || v >= outRank || inserted[(int) v]) {
                throw n.error("axes " + Arrays.toString(axes) + " are out of range, repeated or before the batch axis");
            }
            inserted[(int) v] = true;
        }
        List<Long> target = new ArrayList<>();
        target.add(Reshape.BATCH);
        for (int i = 1, k = 0; i < outRank; i++) {
            target.add(inserted[i] ? 1L : x.shape().dim(k++));
        }
        reshape(n, s, target);
    }

    private static void reshape(OnnxNode n, ImportState s, List<Long> target) {
        s.emit(n, new Reshape(target.stream().mapToLong(Long::longValue).toArray(), false, s.staticBatch()),
                List.of(s.irInput(n, n.input(0))));
    }
}
