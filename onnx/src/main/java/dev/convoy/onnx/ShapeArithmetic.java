package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Broadcast;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Import-time evaluation of nodes whose result is known before any image arrives: Constant, Shape and the
 * Gather/Unsqueeze/Squeeze/Slice/Concat/Cast chains exporters build around it, data movement of constants,
 * and integer arithmetic on shapes. The batch size stays symbolic (NaN) and may only be moved, never
 * computed with.
 */
final class ShapeArithmetic {
    /** Operators only this class handles; they fail on values computed from the model input. */
    static final Set<String> CONSTANT_ONLY = Set.of("Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Slice",
            "Cast", "ConstantOfShape", "Transpose");
    /** Operators evaluated here when all inputs are constants (integer inputs for arithmetic). */
    static final Set<String> FOLDABLE = Set.of("Concat", "Reshape", "Flatten", "Identity", "Dropout", "Add", "Sub",
            "Mul", "Div");

    private ShapeArithmetic() {
    }

    /** @return whether this node is evaluated at import rather than translated into the IR */
    static boolean evaluatesAtImport(OnnxNode n, ImportState s) {
        String t = n.type();
        if (t.equals("Constant")) {
            return true;
        }
        if (t.equals("Shape")) {
            return s.isKnown(n.input(0));
        }
        if (!CONSTANT_ONLY.contains(t) && !FOLDABLE.contains(t)) {
            return false;
        }
        boolean allConst = true;
        boolean allIntegral = true;
        for (int i = 0; i < n.inputs().size(); i++) {
            String in = n.input(i);
            if (in.isEmpty()) {
                continue;
            }
            if (!s.isConstant(in)) {
                allConst = false;
            } else if (!s.constant(n, in, "input").integral()) {
                allIntegral = false;
            }
        }
        if (Set.of("Add", "Sub", "Mul", "Div").contains(t)) {
            return allConst && allIntegral; // float arithmetic goes to the IR and its constant-folding pass
        }
        // data movement of a computed tensor is an IR operator (see OnnxImporter); shape-only ops fail there
        return allConst || (CONSTANT_ONLY.contains(t) && !OnnxImporter.translatesComputed(t));
    }

    /** Evaluates the node, storing its output(s) as constants. */
    static void evaluate(OnnxNode n, ImportState s) {
        ConstTensor out = switch (n.type()) {
            case "Constant" -> constant(n);
            case "Shape" -> shape(n, s);
            case "Gather" -> gather(n, s, in(n, s, 0), in(n, s, 1));
            case "Unsqueeze" -> unsqueeze(n, s);
            case "Squeeze" -> squeeze(n, s);
            case "Slice" -> slice(n, s);
            case "Cast" -> cast(n, in(n, s, 0));
            case "ConstantOfShape" -> constantOfShape(n, s, in(n, s, 0));
            case "Transpose" -> transpose(n, in(n, s, 0));
            case "Concat" -> concat(n, s);
            case "Reshape" -> reshape(n, in(n, s, 0), in(n, s, 1));
            case "Flatten" -> flatten(n, in(n, s, 0));
            case "Identity", "Dropout" -> in(n, s, 0);
            case "Add", "Sub", "Mul", "Div" -> arithmetic(n, s, in(n, s, 0), in(n, s, 1));
            default -> throw n.error("cannot be evaluated at import");
        };
        s.putConstant(n.output(), out);
    }

    private static ConstTensor in(OnnxNode n, ImportState s, int i) {
        String name = n.input(i);
        if (name.isEmpty()) {
            throw n.error("input " + i + " is missing");
        }
        if (!s.isConstant(name)) {
            throw n.error("only shape arithmetic on constants is supported, but input '" + name
                    + "' is computed from the model input");
        }
        return s.constant(n, name, "input");
    }

    private static ConstTensor optional(OnnxNode n, ImportState s, int i) {
        return n.input(i).isEmpty() ? null : in(n, s, i);
    }

    private static ConstTensor constant(OnnxNode n) {
        TensorProto t = n.getTensor("value");
        if (t != null) {
            return TensorDecoder.decode(t, "node '" + n.name() + "' (Constant) value");
        }
        if (n.has("value_float")) {
            return new ConstTensor(new long[0], new double[] {n.getFloat("value_float", 0)}, false);
        }
        if (n.has("value_int")) {
            return new ConstTensor(new long[0], new double[] {n.getInt("value_int", 0)}, true);
        }
        if (n.has("value_floats")) {
            float[] f = n.getFloats("value_floats");
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return new ConstTensor(new long[] {f.length}, d, false);
        }
        if (n.has("value_ints")) {
            return ConstTensor.ints(n.getInts("value_ints"));
        }
        throw n.error("only tensor, float and int values are supported");
    }

    private static ConstTensor shape(OnnxNode n, ImportState s) {
        double[] dims;
        if (s.isConstant(n.input(0))) {
            dims = Arrays.stream(s.constant(n, n.input(0), "input").dims()).asDoubleStream().toArray();
        } else {
            Value v = s.value(n.input(0));
            int[] sample = v.shape().dims();
            int off = v.batched() ? 1 : 0;
            dims = new double[sample.length + off];
            if (v.batched()) {
                dims[0] = Double.NaN;
            }
            for (int i = 0; i < sample.length; i++) {
                dims[i + off] = sample[i];
            }
        }
        int r = dims.length;
        int start = clampAxis((int) n.getInt("start", 0), r);
        int end = n.has("end") ? clampAxis((int) n.getInt("end", r), r) : r;
        double[] out = Arrays.copyOfRange(dims, start, Math.max(start, end));
        return new ConstTensor(new long[] {out.length}, out, true);
    }

    private static int clampAxis(int a, int r) {
        int x = a < 0 ? a + r : a;
        return Math.max(0, Math.min(r, x));
    }

    private static int axis(OnnxNode n, long a, int rank) {
        long x = a < 0 ? a + rank : a;
        if (x < 0 || x >= rank) {
            throw n.error("axis " + a + " is out of range for rank " + rank);
        }
        return (int) x;
    }

    private static long[] strides(long[] dims) {
        long[] st = new long[dims.length];
        long s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= dims[i];
        }
        return st;
    }

    private static ConstTensor gather(OnnxNode n, ImportState s, ConstTensor data, ConstTensor idx) {
        int r = data.dims().length;
        int ax = axis(n, n.getInt("axis", 0), r);
        long[] d = data.dims();
        long outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) {
            outer *= d[i];
        }
        for (int i = ax + 1; i < r; i++) {
            inner *= d[i];
        }
        long[] outDims = new long[r - 1 + idx.dims().length];
        System.arraycopy(d, 0, outDims, 0, ax);
        System.arraycopy(idx.dims(), 0, outDims, ax, idx.dims().length);
        System.arraycopy(d, ax + 1, outDims, ax + idx.dims().length, r - ax - 1);
        s.requireConstantSize(n, Math.multiplyHigh(outer, (long) idx.size() * inner) != 0 ? -1 : outer * idx.size() * inner);
        double[] out = new double[(int) (outer * idx.size() * inner)];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (int k = 0; k < idx.size(); k++) {
                long j = (long) idx.values()[k];
                if (j < 0) {
                    j += d[ax];
                }
                if (j < 0 || j >= d[ax]) {
                    throw n.error("index " + (long) idx.values()[k] + " out of range for axis size " + d[ax]);
                }
                for (long i = 0; i < inner; i++) {
                    out[pos++] = data.values()[(int) ((o * d[ax] + j) * inner + i)];
                }
            }
        }
        return new ConstTensor(outDims, out, data.integral());
    }

    private static long[] axesOf(OnnxNode n, ImportState s) {
        if (n.opset() >= 13) {
            ConstTensor a = optional(n, s, 1);
            return a == null ? null : a.longs();
        }
        return n.getInts("axes");
    }

    private static ConstTensor unsqueeze(OnnxNode n, ImportState s) {
        ConstTensor x = in(n, s, 0);
        long[] axes = axesOf(n, s);
        if (axes == null) {
            throw n.error("axes are required");
        }
        int outRank = x.dims().length + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (long a : axes) {
            inserted[axis(n, a, outRank)] = true;
        }
        long[] dims = new long[outRank];
        for (int i = 0, j = 0; i < outRank; i++) {
            dims[i] = inserted[i] ? 1 : x.dims()[j++];
        }
        return new ConstTensor(dims, x.values(), x.integral());
    }

    private static ConstTensor squeeze(OnnxNode n, ImportState s) {
        ConstTensor x = in(n, s, 0);
        long[] axes = axesOf(n, s);
        int r = x.dims().length;
        boolean[] drop = new boolean[r];
        if (axes == null) {
            for (int i = 0; i < r; i++) {
                drop[i] = x.dims()[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = axis(n, a, r);
                if (x.dims()[ax] != 1) {
                    throw n.error("cannot squeeze axis " + a + " of size " + x.dims()[ax]);
                }
                drop[ax] = true;
            }
        }
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!drop[i]) {
                dims.add(x.dims()[i]);
            }
        }
        return new ConstTensor(dims.stream().mapToLong(Long::longValue).toArray(), x.values(), x.integral());
    }

    private static ConstTensor slice(OnnxNode n, ImportState s) {
        ConstTensor x = in(n, s, 0);
        int r = x.dims().length;
        long[] starts, ends, axes, steps;
        if (n.opset() >= 10) {
            starts = in(n, s, 1).longs();
            ends = in(n, s, 2).longs();
            ConstTensor a = optional(n, s, 3);
            ConstTensor st = optional(n, s, 4);
            axes = a == null ? null : a.longs();
            steps = st == null ? null : st.longs();
        } else {
            starts = n.getInts("starts");
            ends = n.getInts("ends");
            axes = n.getInts("axes");
            steps = null;
        }
        long[] begin = new long[r];
        long[] step = new long[r];
        long[] count = x.dims().clone();
        Arrays.fill(step, 1);
        for (int k = 0; k < starts.length; k++) {
            int ax = axis(n, axes == null ? k : axes[k], r);
            long dim = x.dims()[ax];
            long st = steps == null ? 1 : steps[k];
            if (st == 0) {
                throw n.error("step 0");
            }
            long b = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (st > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
                count[ax] = Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.max(-1, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
                count[ax] = Math.max(0, (b - e - st - 1) / -st);
            }
            begin[ax] = b;
            step[ax] = st;
        }
        long[] inStrides = strides(x.dims());
        long elements = 1;
        for (long c : count) {
            elements = c < 0 || (c > 0 && elements > Long.MAX_VALUE / c) ? -1 : elements * c;
        }
        s.requireConstantSize(n, elements);
        int total = (int) elements;
        double[] out = new double[total];
        long[] outStrides = strides(count);
        for (int i = 0; i < total; i++) {
            long src = 0;
            long rem = i;
            for (int d = 0; d < r; d++) {
                long id = rem / outStrides[d];
                rem %= outStrides[d];
                src += (begin[d] + id * step[d]) * inStrides[d];
            }
            out[i] = x.values()[(int) src];
        }
        return new ConstTensor(count, out, x.integral());
    }

    private static ConstTensor cast(OnnxNode n, ConstTensor x) {
        int to = (int) n.getInt("to", 0);
        TensorProto.DataType dt = TensorProto.DataType.forNumber(to);
        if (dt == null) {
            throw n.error("unknown target type " + to);
        }
        boolean integral = switch (dt) {
            case FLOAT, DOUBLE, FLOAT16 -> false;
            default -> true;
        };
        double[] v = x.values().clone();
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            v[i] = switch (dt) {
                case FLOAT -> (float) v[i];
                case DOUBLE -> v[i];
                case BOOL -> v[i] != 0 ? 1 : 0;
                default -> integral ? (double) (long) v[i] : v[i];
            };
        }
        return new ConstTensor(x.dims(), v, integral);
    }

    private static ConstTensor transpose(OnnxNode n, ConstTensor x) {
        int r = x.dims().length;
        long[] perm = n.getInts("perm");
        if (perm == null) {
            perm = new long[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        if (perm.length != r) {
            throw n.error("perm has " + perm.length + " entries for rank " + r);
        }
        long[] dims = new long[r];
        for (int i = 0; i < r; i++) {
            dims[i] = x.dims()[axis(n, perm[i], r)];
        }
        long[] inStrides = strides(x.dims()), outStrides = strides(dims);
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            long rem = i, src = 0;
            for (int d = 0; d < r; d++) {
                src += rem / outStrides[d] * inStrides[(int) perm[d]];
                rem %= outStrides[d];
            }
            out[i] = x.values()[(int) src];
        }
        return new ConstTensor(dims, out, x.integral());
    }

    private static ConstTensor constantOfShape(OnnxNode n, ImportState s, ConstTensor shape) {
        long[] dims = shape.longs();
        for (long d : dims) {
            if (d < 0) {
                throw n.error("shape " + Arrays.toString(dims) + " depends on the batch size or is negative");
            }
        }
        int size;
        try {
            size = Shape.ofLongs(dims).size();
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        s.requireConstantSize(n, size);
        TensorProto t = n.getTensor("value");
        ConstTensor fill = t == null ? new ConstTensor(new long[] {1}, new double[] {0}, false)
                : TensorDecoder.decode(t, "node '" + n.name() + "' value");
        double[] v = new double[size];
        Arrays.fill(v, fill.values()[0]);
        return new ConstTensor(dims, v, fill.integral());
    }

    private static ConstTensor concat(OnnxNode n, ImportState s) {
        List<ConstTensor> ins = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            ins.add(in(n, s, i));
        }
        ConstTensor first = ins.get(0);
        int r = first.dims().length;
        int ax = axis(n, n.getInt("axis", 0), r);
        long outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= first.dims()[i];
        }
        long[] dims = first.dims().clone();
        dims[ax] = 0;
        long elements = 0;
        for (ConstTensor c : ins) {
            if (c.dims().length != r) {
                throw n.error("inputs differ in rank");
            }
            dims[ax] += c.dims()[ax];
            elements += c.size();
        }
        s.requireConstantSize(n, elements);
        int total = (int) elements;
        double[] out = new double[total];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (ConstTensor c : ins) {
                int chunk = (int) (c.size() / Math.max(outer, 1));
                System.arraycopy(c.values(), (int) (o * chunk), out, pos, chunk);
                pos += chunk;
            }
        }
        boolean integral = ins.stream().allMatch(ConstTensor::integral);
        return new ConstTensor(dims, out, integral);
    }

    private static ConstTensor reshape(OnnxNode n, ConstTensor x, ConstTensor shape) {
        long[] t = shape.longs();
        boolean allowZero = n.getInt("allowzero", 0) != 0;
        long[] dims = new long[t.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i] == 0 && !allowZero ? x.dims()[i] : t[i];
            if (d == -1) {
                infer = i;
            } else if (d < 0) {
                throw n.error("shape entry " + t[i] + " is invalid for a constant");
            } else {
                dims[i] = d;
                known *= d;
            }
        }
        if (infer >= 0) {
            dims[infer] = known == 0 ? 0 : x.size() / known;
        }
        return new ConstTensor(dims, x.values(), x.integral());
    }

    private static ConstTensor flatten(OnnxNode n, ConstTensor x) {
        int r = x.dims().length;
        long a = n.getInt("axis", 1);
        int ax = (int) (a < 0 ? a + r : a);
        long outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= x.dims()[i];
        }
        return new ConstTensor(new long[] {outer, outer == 0 ? 0 : x.size() / outer}, x.values(), x.integral());
    }

    private static ConstTensor arithmetic(OnnxNode n, ImportState s, ConstTensor a, ConstTensor b) {
        if (a.dependsOnBatch() || b.dependsOnBatch()) {
            throw n.error("arithmetic on the batch size is not supported (Convoy keeps the batch symbolic)");
        }
        Shape sa = Shape.ofLongs(a.dims()), sb = Shape.ofLongs(b.dims());
        Shape out = Broadcast.shape(sa, sb);
        s.requireConstantSize(n, out.size());
        int[] stA = Broadcast.strides(sa, out), stB = Broadcast.strides(sb, out);
        double[] v = new double[out.size()];
        int[] idx = new int[out.rank()];
        for (int i = 0; i < v.length; i++) {
            int rem = i, ia = 0, ib = 0;
            for (int d = out.rank() - 1; d >= 0; d--) {
                idx[d] = rem % out.dim(d);
                rem /= out.dim(d);
                ia += idx[d] * stA[d];
                ib += idx[d] * stB[d];
            }
            double x = a.values()[ia], y = b.values()[ib];
            v[i] = switch (n.type()) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> {
                    if (y == 0) {
                        throw n.error("integer division by zero");
                    }
                    yield (double) ((long) x / (long) y);
                }
            };
        }
        return new ConstTensor(Arrays.stream(out.dims()).asLongStream().toArray(), v, true);
    }
}
