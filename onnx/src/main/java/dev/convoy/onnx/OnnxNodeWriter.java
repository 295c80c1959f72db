package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.convoy.BadInputException;
import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Binary;
import dev.convoy.graph.Concat;
import dev.convoy.graph.Conv;
import dev.convoy.graph.ConvTranspose;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.Gather;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.graph.Pad;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Reduce;
import dev.convoy.graph.ReduceKind;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Resize;
import dev.convoy.graph.Slice;
import dev.convoy.graph.Softmax;
import dev.convoy.graph.Transpose;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes IR nodes back as ONNX nodes (default domain, opset 13 or later), the inverse of the importer: every
 * operator the IR holds, with its weights as initializers named after the node. The quantized writer uses it
 * for fp32 islands, the prelude and the epilogue, so whatever Convoy keeps in fp32 inside a quantized model
 * ONNX Runtime can run and Convoy re-imports as the same IR.
 */
public final class OnnxNodeWriter {
    private final ProtoBuilder b;
    private final int opset;
    private final Set<String> written = new HashSet<>();

    /**
     * @param b     where nodes and initializers go
     * @param opset the model's default-domain opset (13 or later)
     */
    public OnnxNodeWriter(ProtoBuilder b, int opset) {
        this.b = b;
        this.opset = opset;
    }

    /**
     * Writes every node of an fp32 graph.
     *
     * @param g      the graph
     * @param rename ONNX names for graph values that are named differently in the file (its inputs and output);
     *               other values keep their IR names
     * @throws BadInputException naming the node an operator cannot be written for
     */
    public void write(Graph g, Map<String, String> rename) {
        for (Node n : g.nodes()) {
            String[] ins = new String[n.inputs().size()];
            for (int i = 0; i < ins.length; i++) {
                String v = n.inputs().get(i);
                ins[i] = g.constants().containsKey(v) ? constant(v, g.constants().get(v)) : rename.getOrDefault(v, v);
            }
            node(n, g, ins, rename.getOrDefault(n.output(), n.output()));
        }
    }

    private String constant(String name, Tensor t) {
        if (written.add(name)) {
            b.floats(name, t.data(), Arrays.stream(t.shape().dims()).asLongStream().toArray());
        }
        return name;
    }

    private String weight(Node n, String role, Tensor t) {
        return constant(n.name() + "_" + role, t);
    }

    private String vector(Node n, String role, float[] v) {
        return v == null ? "" : constant(n.name() + "_" + role, new Tensor(dev.convoy.tensor.Shape.of(v.length), v));
    }

    private String longs(Node n, String role, long... v) {
        String name = n.name() + "_" + role;
        if (written.add(name)) {
            b.ints(name, TensorProto.DataType.INT64, v, v.length);
        }
        return name;
    }

    /**
     * Writes one node; an activation fused into it becomes a node of its own after it.
     *
     * @param n   the node
     * @param g   the graph it belongs to (for input shapes; may be null for Transpose, Slice and Gather)
     * @param in  ONNX names of its inputs
     * @param out ONNX name of its output
     */
    public void node(Node n, Graph g, String[] in, String out) {
        Op op = n.op();
        Activation act = op.activation();
        String y = act == Activation.NONE ? out : out + "_preact";
        if (op instanceof Conv c) {
            NodeProto.Builder nb = b.node("Conv", n.name(), y, in[0], weight(n, "W", c.weight()));
            if (c.bias() != null) {
                nb.addInput(vector(n, "B", c.bias()));
            }
            window(nb, c.window(), true);
            ProtoBuilder.integer(nb, "group", c.groups());
        } else if (op instanceof ConvTranspose t) {
            NodeProto.Builder nb = b.node("ConvTranspose", n.name(), y, in[0], weight(n, "W", t.weight()));
            if (t.bias() != null) {
                nb.addInput(vector(n, "B", t.bias()));
            }
            window(nb, t.window(), true);
            ProtoBuilder.integer(nb, "group", t.groups());
            ProtoBuilder.ints(nb, "output_padding", t.outPadH(), t.outPadW());
        } else if (op instanceof Pool p) {
            NodeProto.Builder nb = b.node(p.type(), n.name(), y, in[0]);
            window(nb, p.window(), p.kind() == PoolKind.MAX);
            ProtoBuilder.integer(nb, "ceil_mode", p.window().ceilMode() ? 1 : 0);
            if (p.kind() == PoolKind.AVERAGE) {
                ProtoBuilder.integer(nb, "count_include_pad", p.countIncludePad() ? 1 : 0);
            }
        } else if (op instanceof GlobalPool gp) {
            b.node(gp.type(), n.name(), y, in[0]);
        } else if (op instanceof BatchNorm bn) {
            NodeProto.Builder nb = b.node("BatchNormalization", n.name(), y, in[0], vector(n, "scale", bn.scale()),
                    vector(n, "bias", bn.bias()), vector(n, "mean", bn.mean()), vector(n, "var", bn.variance()));
            ProtoBuilder.real(nb, "epsilon", bn.epsilon());
        } else if (op instanceof Dense d) {
            // MatMul with the transposed weight (any input rank), then the bias
            Tensor w = d.weight();
            int o = w.shape().dim(0), k = w.shape().dim(1);
            float[] t = new float[w.size()];
            for (int i = 0; i < o; i++) {
                for (int j = 0; j < k; j++) {
                    t[j * o + i] = w.data()[i * k + j];
                }
            }
            String mm = d.bias() == null ? y : y + "_matmul";
            b.node("MatMul", n.name(), mm, in[0], weight(n, "W", new Tensor(dev.convoy.tensor.Shape.of(k, o), t)));
            if (d.bias() != null) {
                b.node("Add", n.name() + "_bias", y, mm, vector(n, "B", d.bias()));
            }
        } else if (op instanceof Binary bin) {
            b.node(bin.kind().onnxName(), n.name(), y, in[0], in[1]);
        } else if (op instanceof ActivationLayer a) {
            activation(n.name(), a.function(), in[0], out);
            return;
        } else if (op instanceof Flatten f) {
            ProtoBuilder.integer(b.node("Flatten", n.name(), y, in[0]), "axis", f.axis());
        } else if (op instanceof Reshape r) {
            long[] target = r.target().clone();
            for (int i = 0; i < target.length; i++) {
                target[i] = target[i] == Reshape.BATCH ? (i == 0 ? 0 : -1) : target[i];
            }
            if (target.length > 0 && target[0] != 0 && g.value(n.inputs().get(0)).batched()) {
                target[0] = 0; // the batch, copied
            }
            b.node("Reshape", n.name(), y, in[0], longs(n, "shape", target));
        } else if (op instanceof Concat c) {
            ProtoBuilder.integer(b.node("Concat", n.name(), y, in), "axis", c.axis());
        } else if (op instanceof Pad p) {
            int r = p.begin().length;
            long[] pads = new long[2 * (r + 1)];
            for (int i = 0; i < r; i++) {
                pads[i + 1] = p.begin()[i];
                pads[r + 2 + i] = p.end()[i];
            }
            NodeProto.Builder nb = b.node("Pad", n.name(), y, in[0], longs(n, "pads", pads),
                    constant(n.name() + "_value", new Tensor(dev.convoy.tensor.Shape.of(), new float[] {p.value()})));
            ProtoBuilder.text(nb, "mode", p.mode().name().toLowerCase(java.util.Locale.ROOT));
        } else if (op instanceof Softmax s) {
            Value x = g.value(n.inputs().get(0));
            int axis = s.sampleAxis(x);
            if (s.flattenTail() && axis != x.shape().rank() - 1) {
                // opset < 13: over every axis from `axis` on — flatten them into one, normalise it, reshape back
                ProtoBuilder.integer(b.node("Flatten", n.name() + "_flatten", y + "_flat", in[0]), "axis", axis + 1);
                ProtoBuilder.integer(b.node("Softmax", n.name(), y + "_flat_softmax", y + "_flat"), "axis", 1);
                long[] shape = new long[x.shape().rank() + 1];
                for (int i = 0; i < x.shape().rank(); i++) {
                    shape[i + 1] = x.shape().dim(i);
                }
                b.node("Reshape", n.name() + "_unflatten", y, y + "_flat_softmax", longs(n, "shape", shape));
            } else {
                ProtoBuilder.integer(b.node("Softmax", n.name(), y, in[0]), "axis", axis + 1);
            }
        } else if (op instanceof Transpose t) {
            long[] perm = new long[t.perm().length + 1];
            for (int i = 0; i < t.perm().length; i++) {
                perm[i + 1] = t.perm()[i] + 1;
            }
            ProtoBuilder.ints(b.node("Transpose", n.name(), y, in[0]), "perm", perm);
        } else if (op instanceof Slice s) {
            int r = s.start().length;
            long[] starts = new long[r], ends = new long[r], axes = new long[r], steps = new long[r];
            for (int i = 0; i < r; i++) {
                starts[i] = s.start()[i];
                long end = s.start()[i] + (long) s.count()[i] * s.step()[i];
                ends[i] = end < 0 ? Long.MIN_VALUE : end; // walking backwards past index 0: "before the start"
                axes[i] = i + 1;
                steps[i] = s.step()[i];
            }
            b.node("Slice", n.name(), y, in[0], longs(n, "starts", starts), longs(n, "ends", ends), longs(n, "axes", axes),
                    longs(n, "steps", steps));
        } else if (op instanceof Gather ga) {
            String name = n.name() + "_indices";
            if (written.add(name)) {
                b.ints(name, TensorProto.DataType.INT64, Arrays.stream(ga.indices()).asLongStream().toArray(),
                        Arrays.stream(ga.indexShape()).asLongStream().toArray());
            }
            ProtoBuilder.integer(b.node("Gather", n.name(), y, in[0], name), "axis", ga.axis() + 1);
        } else if (op instanceof Reduce r) {
            long[] axes = Arrays.stream(r.axes()).asLongStream().map(a -> a + 1).toArray();
            boolean axesInput = r.kind() == ReduceKind.SUM ? opset >= 13 : opset >= 18;
            NodeProto.Builder nb = axesInput ? b.node(r.type(), n.name(), y, in[0], longs(n, "axes", axes)) : b.node(r.type(), n.name(), y, in[0]);
            if (!axesInput) {
                ProtoBuilder.ints(nb, "axes", axes);
            }
            ProtoBuilder.integer(nb, "keepdims", r.keepDims() ? 1 : 0);
        } else if (op instanceof Resize rz) {
            float[] scales = new float[rz.scales().length + 1];
            scales[0] = 1f;
            System.arraycopy(rz.scales(), 0, scales, 1, rz.scales().length);
            NodeProto.Builder nb = b.node("Resize", n.name(), y, in[0], "",
                    constant(n.name() + "_scales", new Tensor(dev.convoy.tensor.Shape.of(scales.length), scales)));
            ProtoBuilder.text(nb, "mode", rz.linear() ? "linear" : "nearest");
            ProtoBuilder.text(nb, "coordinate_transformation_mode", rz.coordinates());
            ProtoBuilder.text(nb, "nearest_mode", rz.nearestMode());
        } else {
            throw new BadInputException("node '" + n.name() + "' (" + op.type() + ") cannot be written as ONNX");
        }
        if (act != Activation.NONE) {
            activation(n.name() + "_act", act, y, out);
        }
    }

    /**
     * Writes an activation as ONNX nodes.
     *
     * @param name node name
     * @param f    the activation
     * @param in   input value
     * @param out  output value
     */
    public void activation(String name, Activation f, String in, String out) {
        if (f instanceof Activation.Clip c) {
            // an unbounded side is an omitted input (an infinite constant would not be a finite weight)
            b.node("Clip", name, out, in, Float.isInfinite(c.min()) ? "" : constant(name + "_min", scalar(c.min())),
                    Float.isInfinite(c.max()) ? "" : constant(name + "_max", scalar(c.max())));
        } else if (f instanceof Activation.LeakyRelu l) {
            ProtoBuilder.real(b.node("LeakyRelu", name, out, in), "alpha", l.alpha());
        } else if (f instanceof Activation.HardSigmoid h) {
            NodeProto.Builder nb = b.node("HardSigmoid", name, out, in);
            ProtoBuilder.real(nb, "alpha", h.alpha());
            ProtoBuilder.real(nb, "beta", h.beta());
        } else if (f instanceof Activation.HardSwish && opset < 14) {
            // x · HardSigmoid(x; 1/6, 1/2): the same float operations as HardSwish (opset 14)
            NodeProto.Builder nb = b.node("HardSigmoid", name + "_gate", out + "_gate", in);
            ProtoBuilder.real(nb, "alpha", 1f / 6f);
            ProtoBuilder.real(nb, "beta", 0.5f);
            b.node("Mul", name, out, in, out + "_gate");
        } else if (f instanceof Activation.Linear) {
            b.node("Identity", name, out, in);
        } else {
            b.node(f.type(), name, out, in);
        }
    }

    private static Tensor scalar(float v) {
        return new Tensor(dev.convoy.tensor.Shape.of(), new float[] {v});
    }

    private static void window(NodeProto.Builder n, Window w, boolean dilations) {
        ProtoBuilder.ints(n, "kernel_shape", w.kernelH(), w.kernelW());
        ProtoBuilder.ints(n, "strides", w.strideH(), w.strideW());
        ProtoBuilder.ints(n, "pads", w.padding().top(), w.padding().left(), w.padding().bottom(), w.padding().right());
        if (dilations) {
            ProtoBuilder.ints(n, "dilations", w.dilationH(), w.dilationW());
        }
    }
}
