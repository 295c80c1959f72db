package dev.convoy.onnx;

import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.graph.Value;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the importer knows while it walks the nodes: import-time constants, IR values emitted so far, and
 * names that are aliases (Identity, inference-mode Dropout).
 */
final class ImportState {
    private final Map<String, ConstTensor> constants = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Map<String, Tensor> irConstants = new LinkedHashMap<>();
    private final Map<String, Node> producers = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, dev.convoy.graph.Lowered> lowered = new HashMap<>();
    private final long staticBatch;

    /** @param staticBatch the batch size the model input declares, or −1 when symbolic */
    private final ImportPolicy policy;

    ImportState(long staticBatch, ImportPolicy policy) {
        this.staticBatch = staticBatch;
        this.policy = policy;
    }

    long staticBatch() {
        return staticBatch;
    }

    String resolve(String name) {
        String n = name;
        while (aliases.containsKey(n)) {
            n = aliases.get(n);
        }
        return n;
    }

    void alias(String name, String target) {
        aliases.put(name, resolve(target));
    }

    /** Elements a constant computed at import may always have, whatever the model's weights. */
    static final long MIN_COMPUTED_LIMIT = 1 << 20;
    private long largestInitializer;

    /** Stores a weight read from the file and notes its size, which bounds what shape arithmetic may build. */
    void putInitializer(String name, ConstTensor c) {
        largestInitializer = Math.max(largestInitializer, c.size());
        putConstant(name, c);
    }

    /**
     * Refuses, before allocating it, a constant computed at import that is larger than any weight in the file
     * and than {@link #MIN_COMPUTED_LIMIT}: shape arithmetic in a real CNN makes shapes, masks and re-laid
     * weights, never a tensor bigger than its data — a few bytes of ConstantOfShape asking for gigabytes are not
     * a model.
     *
     * @param elements the constant's element count, or −1 if it overflows a long
     */
    void requireConstantSize(OnnxNode n, long elements) {
        long limit = Math.max(MIN_COMPUTED_LIMIT, largestInitializer);
        if (elements < 0 || elements > limit) {
            throw n.error("would build a constant of " + (elements < 0 ? "more than 2^63" : elements) + " elements at import,"
                    + " more than any weight of the model (limit " + limit + ")");
        }
    }

    void putConstant(String name, ConstTensor c) {
        if (!c.integral() && !policy.allowNonFinite()) {
            double[] v = c.values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite((float) v[i])) {
                    throw new BadInputException("constant " + Printable.name(name) + " holds " + (float) v[i] + " at element " + i
                            + " (of " + v.length + "); weights must be finite (--allow-nonfinite to import it anyway)");
                }
            }
        }
        constants.put(name, c);
    }

    void addInput(Value v) {
        values.put(v.name(), v);
    }

    /** @return whether the value is known at import time (an import-time constant) */
    boolean isConstant(String name) {
        return constants.containsKey(resolve(name));
    }

    /** @return whether the name refers to anything produced so far */
    boolean isKnown(String name) {
        String r = resolve(name);
        return constants.containsKey(r) || values.containsKey(r);
    }

    /**
     * A value an operator needs as a constant (weights, shapes, pads). A value computed by IR nodes from
     * constants only is folded here with the reference kernels, exactly as the constant-folding pass would.
     *
     * @param node the consuming node, for messages
     * @param name the input's name
     * @param role what the input is, e.g. "weight"
     * @return the constant
     */
    ConstTensor constant(OnnxNode node, String name, String role) {
        String r = resolve(name);
        ConstTensor c = constants.get(r);
        if (c != null) {
            return c;
        }
        Value v = values.get(r);
        if (v != null && !v.batched()) {
            Tensor t = fold(r);
            double[] d = new double[t.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = t.data()[i];
            }
            long[] dims = java.util.Arrays.stream(t.shape().dims()).asLongStream().toArray();
            return new ConstTensor(dims, d, false);
        }
        throw node.error(role + " '" + name + "' must be a constant (an initializer or Constant), but it is computed from the model input");
    }

    private Tensor fold(String name) {
        Tensor t = irConstants.get(name);
        if (t != null) {
            return t;
        }
        Node p = producers.get(name);
        List<Tensor> ins = new ArrayList<>();
        List<Value> infos = new ArrayList<>();
        for (String in : p.inputs()) {
            ins.add(fold(in));
            infos.add(values.get(in));
        }
        return ReferenceBackend.evaluateConstant(p, infos, ins, values.get(name).shape());
    }

    /**
     * The IR value for an input, materialising an import-time constant as an IR constant when an IR node
     * reads it.
     *
     * @param node the consuming node
     * @param name the input's name
     * @return its IR name
     */
    String irInput(OnnxNode node, String name) {
        String r = resolve(name);
        if (values.containsKey(r)) {
            return r;
        }
        ConstTensor c = constants.get(r);
        if (c == null) {
            throw node.error("input '" + name + "' is not produced before this node");
        }
        if (c.dependsOnBatch()) {
            throw node.error("input '" + name + "' depends on the batch size, which Convoy keeps symbolic");
        }
        Tensor t;
        try {
            t = c.toTensor();
        } catch (IllegalArgumentException e) {
            throw node.error("constant '" + name + "': " + e.getMessage());
        }
        irConstants.put(r, t);
        values.put(r, new Value(r, t.shape(), false));
        return r;
    }

    /** @return the IR value, or null if the name is an import-time constant */
    Value value(String name) {
        return values.get(resolve(name));
    }

    /**
     * Adds an IR node, inferring its output shape now so errors point at this node.
     *
     * @param node   the ONNX node
     * @param op     the IR operator
     * @param inputs IR input names
     */
    void emit(OnnxNode node, Op op, List<String> inputs) {
        emit(node, node.name(), op, inputs, node.output());
    }

    /**
     * Adds one IR node of several an ONNX node becomes (Split's slices, the reshapes around a 1-D convolution).
     *
     * @param node     the ONNX node, for messages
     * @param name     the IR node's name
     * @param op       the IR operator
     * @param inputs   IR input names
     * @param output   the IR output's name
     */
    void emit(OnnxNode node, String name, Op op, List<String> inputs, String output) {
        List<Value> ins = new ArrayList<>();
        for (String in : inputs) {
            ins.add(values.get(in));
        }
        Shape out;
        try {
            out = op.outputShape(ins);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw node.error(e.getMessage());
        }
        boolean batched = ins.stream().anyMatch(Value::batched);
        Node n = new Node(name, op, inputs, output);
        nodes.add(n);
        producers.put(output, n);
        values.put(output, new Value(output, out, batched));
    }

    /**
     * Records that the IR nodes emitted for an ONNX node since {@code firstNode} (an index from {@link #nodeCount})
     * stand for one lowered layer.
     */
    void lowered(int firstNode, dev.convoy.graph.Lowered what) {
        for (int i = firstNode; i < nodes.size(); i++) {
            lowered.put(nodes.get(i).name(), what);
        }
    }

    /** @return IR nodes emitted so far */
    int nodeCount() {
        return nodes.size();
    }

    /**
     * @param name         the model's name
     * @param inputs       batched graph inputs
     * @param outputs      graph output names as ONNX gives them
     * @return the IR graph
     */
    Graph build(String name, List<Value> inputs, List<String> outputs) {
        List<String> outs = new ArrayList<>();
        for (String o : outputs) {
            String r = resolve(o);
            if (!values.containsKey(r)) {
                throw new BadInputException("graph output '" + o + "' is a constant, not computed from the input");
            }
            outs.add(r);
        }
        return new Graph(name, inputs, nodes, irConstants, outs, lowered);
    }
}
