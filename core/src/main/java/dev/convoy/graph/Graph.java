package dev.convoy.graph;

import dev.convoy.BadInputException;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, topologically ordered network. Building one infers and checks every node's output shape, so
 * a Graph that exists is well-formed; passes return new Graphs.
 */
public final class Graph {
    private final String name;
    private final List<Value> inputs;
    private final List<Node> nodes;
    private final Map<String, Tensor> constants;
    private final List<String> outputs;
    private final Map<String, Lowered> lowered;
    private final Map<String, Value> values;
    private final Map<String, Node> producers;
    private final Map<String, List<Node>> consumers;

    /**
     * @param name      the model's name, for reports
     * @param inputs    batched inputs with per-sample shapes
     * @param nodes     nodes in topological order
     * @param constants named constant tensors (weights held outside op records, normalisation constants)
     * @param outputs   names of the values the graph returns
     * @throws BadInputException naming the node whose inputs do not fit it
     */
    public Graph(String name, List<Value> inputs, List<Node> nodes, Map<String, Tensor> constants, List<String> outputs) {
        this(name, inputs, nodes, constants, outputs, Map.of());
    }

    /**
     * @param name      the model's name, for reports
     * @param inputs    batched inputs with per-sample shapes
     * @param nodes     nodes in topological order
     * @param constants named constant tensors
     * @param outputs   names of the values the graph returns
     * @param lowered   for IR nodes that together stand for one lowered ONNX node (by IR node name), what it was
     * @throws BadInputException naming the node whose inputs do not fit it
     */
    public Graph(String name, List<Value> inputs, List<Node> nodes, Map<String, Tensor> constants, List<String> outputs,
                 Map<String, Lowered> lowered) {
        this.lowered = Map.copyOf(lowered);
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        this.outputs = List.copyOf(outputs);
        Map<String, Value> vals = new LinkedHashMap<>();
        for (Value in : inputs) {
            vals.put(in.name(), in);
        }
        constants.forEach((k, t) -> vals.put(k, new Value(k, t.shape(), false)));
        Map<String, Node> prod = new HashMap<>();
        Map<String, List<Node>> cons = new HashMap<>();
        for (Node n : nodes) {
            List<Value> ins = new ArrayList<>();
            for (String in : n.inputs()) {
                Value v = vals.get(in);
                if (v == null) {
                    throw new BadInputException("node '" + n.name() + "' (" + n.op().type() + "): input '" + in
                            + "' is not produced before it");
                }
                ins.add(v);
                cons.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            boolean batched = ins.stream().anyMatch(Value::batched);
            try {
                vals.put(n.output(), new Value(n.output(), n.op().outputShape(ins), batched));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new BadInputException("node '" + n.name() + "' (" + n.op().type() + "): " + e.getMessage(), e);
            }
            if (prod.put(n.output(), n) != null) {
                throw new BadInputException("node '" + n.name() + "': value '" + n.output() + "' is produced twice");
            }
        }
        for (String out : outputs) {
            if (!vals.containsKey(out)) {
                throw new BadInputException("graph output '" + out + "' is never produced");
            }
        }
        this.values = Collections.unmodifiableMap(vals);
        this.producers = Collections.unmodifiableMap(prod);
        cons.replaceAll((k, v) -> List.copyOf(v));
        this.consumers = Collections.unmodifiableMap(cons);
    }

    /**
     * When each value can be freed: the one last-reader rule every backend uses.
     *
     * @return for each value a node reads, the index (in {@link #nodes()}) of the last node that reads it;
     *         graph outputs map to {@link Integer#MAX_VALUE} (never freed during a run)
     */
    public Map<String, Integer> lastReaders() {
        return lastReaders(nodes.stream().map(Node::inputs).toList(), outputs);
    }

    /**
     * The last-reader rule for any sequence of steps (the integer layers of a quantized model too).
     *
     * @param inputsByStep the values each step reads, in execution order
     * @param kept         values that must outlive the run (outputs)
     * @return value name to the index of its last reading step; kept values map to {@link Integer#MAX_VALUE}
     */
    public static Map<String, Integer> lastReaders(List<List<String>> inputsByStep, java.util.Collection<String> kept) {
        Map<String, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < inputsByStep.size(); i++) {
            for (String in : inputsByStep.get(i)) {
                last.put(in, i);
            }
        }
        for (String k : kept) {
            last.put(k, Integer.MAX_VALUE);
        }
        return last;
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return the batched inputs */
    public List<Value> inputs() {
        return inputs;
    }

    /** @return nodes in topological order */
    public List<Node> nodes() {
        return nodes;
    }

    /** @return named constants */
    public Map<String, Tensor> constants() {
        return constants;
    }

    /** @return names of the graph's outputs */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * @param valueName a value's name
     * @return its shape information, or null if the graph has no such value
     */
    public Value value(String valueName) {
        return values.get(valueName);
    }

    /**
     * @param node a node of this graph
     * @return its inputs' shape information
     */
    public List<Value> inputsOf(Node node) {
        return node.inputs().stream().map(values::get).toList();
    }

    /**
     * @param valueName a value's name
     * @return the node producing it, or null for inputs and constants
     */
    public Node producer(String valueName) {
        return producers.get(valueName);
    }

    /**
     * @param valueName a value's name
     * @return the nodes reading it
     */
    public List<Node> consumers(String valueName) {
        return consumers.getOrDefault(valueName, List.of());
    }

    /**
     * @param valueName a value's name
     * @return whether it is read by the graph's outputs list
     */
    public boolean isOutput(String valueName) {
        return outputs.contains(valueName);
    }

    /**
     * @param newNodes     replacement nodes, topologically ordered
     * @param newConstants replacement constants
     * @return a graph with the same name, inputs and outputs
     */
    public Graph with(List<Node> newNodes, Map<String, Tensor> newConstants) {
        return new Graph(name, inputs, newNodes, newConstants, outputs, lowered);
    }

    /** @return for IR nodes that together stand for one lowered ONNX node (1-D and 3-D layers), what it was, by IR node name */
    public Map<String, Lowered> lowered() {
        return lowered;
    }

    /**
     * Checks the tensors a caller gives for this graph's inputs: every input present, each shaped
     * [N, per-sample shape...], all with the same N.
     *
     * @param inputs one tensor per input, by name
     * @return the batch size N
     * @throws BadInputException naming the input that is missing or misshapen
     */
    public int batchOf(Map<String, Tensor> inputs) {
        int n = -1;
        for (Value in : inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new BadInputException("model input '" + in.name() + "' was not given");
            }
            dev.convoy.tensor.Shape s = t.shape();
            if (s.rank() != in.shape().rank() + 1 || !s.dropFirst().equals(in.shape())) {
                throw new BadInputException("model input '" + in.name() + "' expects " + in.describe() + ", got " + s);
            }
            if (n >= 0 && s.dim(0) != n) {
                throw new BadInputException("model inputs differ in batch size: " + n + " and " + s.dim(0));
            }
            n = s.dim(0);
        }
        return n;
    }
}
