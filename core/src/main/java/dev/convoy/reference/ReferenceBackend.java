package dev.convoy.reference;

import dev.convoy.BadInputException;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.tensor.HeapBudget;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Graph} in fp32 with straightforward loops: the golden model other backends are judged by.
 * Work is spread over samples and output channels; each output element is computed by one thread in a
 * fixed order, so results do not depend on the thread count.
 */
public final class ReferenceBackend implements GraphRunner {
    private final Graph graph;
    private final Parallel parallel;
    private final NodeRunner override;

    /**
     * Another way to run some nodes (an accelerator backend that keeps the reference's data flow and runs
     * the rest on its loops).
     */
    @FunctionalInterface
    public interface NodeRunner {
        /**
         * @param node     the node
         * @param inputs   its inputs' shape information
         * @param values   their data (n samples back to back for batched inputs)
         * @param outShape per-sample output shape
         * @param n        samples
         * @return the output, or null to leave the node to the reference loops
         */
        float[] run(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n);

        /**
         * Hands back a value's array that no later node reads and no one else holds (runs without a tap only; never
         * a graph input or output, a constant, or an array another live value shares), for the runner to reuse.
         *
         * @param value the array
         */
        default void release(float[] value) {
        }
    }

    /**
     * @param graph   the network
     * @param threads worker threads (default: available processors)
     */
    public ReferenceBackend(Graph graph, int threads) {
        this(graph, threads, null);
    }

    /**
     * @param graph    the network
     * @param threads  worker threads for the nodes left to the reference
     * @param override runs the nodes it takes, or null
     */
    public ReferenceBackend(Graph graph, int threads, NodeRunner override) {
        this.graph = graph;
        this.parallel = new Parallel(Math.max(1, threads));
        this.override = override;
    }

    /** @param graph the network, run on all available processors */
    public ReferenceBackend(Graph graph) {
        this(graph, Runtime.getRuntime().availableProcessors());
    }

    /** @return the graph this backend runs */
    public Graph graph() {
        return graph;
    }

    /**
     * Runs a single-input graph and returns its first output.
     *
     * @param input [N, per-sample input shape...]
     * @return [N, per-sample output shape...]
     * @throws BadInputException if the input's shape does not match the model's
     */
    public Tensor run(Tensor input) {
        if (graph.inputs().size() != 1) {
            throw new BadInputException("model has " + graph.inputs().size() + " inputs; give each by name");
        }
        Map<String, Tensor> outs = run(Map.of(graph.inputs().get(0).name(), input), null);
        return outs.get(graph.outputs().get(0));
    }

    /**
     * @param inputs one tensor [N, ...] per graph input, by name; all with the same N
     * @param tap    receives every node's output, or null
     * @return the graph's outputs by name
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap) {
        Map<String, float[]> data = new HashMap<>();
        int n = graph.batchOf(inputs);
        for (Value in : graph.inputs()) {
            data.put(in.name(), inputs.get(in.name()).data());
        }
        checkMemory(n);
        graph.constants().forEach((k, t) -> data.put(k, t.data()));
        Map<String, Integer> lastUse = graph.lastReaders();
        List<Node> nodes = graph.nodes();
        for (int index = 0; index < nodes.size(); index++) {
            Node node = nodes.get(index);
            List<Value> infos = graph.inputsOf(node);
            Value out = graph.value(node.output());
            float[] result = null;
            if (override != null) {
                List<float[]> values = new ArrayList<>(infos.size());
                infos.forEach(v -> values.add(data.get(v.name())));
                result = override.run(node, infos, values, out.shape(), out.batched() ? n : 1);
            }
            if (result == null) {
                List<Operand> ops = new ArrayList<>(infos.size());
                for (Value v : infos) {
                    ops.add(new Operand(v, data.get(v.name())));
                }
                result = Kernels.run(node.op(), ops, out.shape(), out.batched() ? n : 1, parallel);
            }
            data.put(node.output(), result);
            if (tap != null) {
                tap.accept(node, new Tensor(out.batched() ? out.shape().withBatch(n) : out.shape(), result));
            }
            for (String in : node.inputs()) {
                if (lastUse.get(in) == index && !graph.constants().containsKey(in)) {
                    float[] dead = data.remove(in); // free activations once their last reader has run
                    if (dead != null && override != null && tap == null && !inputs.containsKey(in) && !graph.outputs().contains(in)
                            && !data.containsValue(dead)) { // arrays compare by identity: a reshape passes its input through
                        override.release(dead);
                    }
                }
            }
        }
        Map<String, Tensor> outs = new LinkedHashMap<>();
        for (String name : graph.outputs()) {
            Value v = graph.value(name);
            outs.put(name, new Tensor(v.batched() ? v.shape().withBatch(n) : v.shape(), data.get(name)));
        }
        return outs;
    }

    /** Refuses a batch whose activations cannot fit in the heap, before allocating any of them. */
    private void checkMemory(int n) {
        long largest = 0;
        for (Node node : graph.nodes()) {
            Value v = graph.value(node.output());
            long elements = (long) n * v.shape().size();
            if (elements > Shape.MAX_ELEMENTS) {
                throw new BadInputException("batch of " + n + " makes '" + node.name() + "' output " + elements
                        + " elements, more than one array holds; use a smaller batch");
            }
            largest = Math.max(largest, elements);
        }
        long need = 3 * 4 * largest; // a layer's input, output and a residual branch alive at once
        HeapBudget.require(need, "batch of " + n + " (activations)", "use a smaller batch");
    }

    /**
     * Evaluates one node whose inputs are all constants (constant folding uses this, so folded values are
     * exactly what the reference would compute at run time).
     *
     * @param node   the node
     * @param inputs its inputs' shape information (all constant)
     * @param values the constant tensors, in input order
     * @param out    the node's output shape
     * @return the folded constant
     */
    public static Tensor evaluateConstant(Node node, List<Value> inputs, List<Tensor> values, Shape out) {
        List<Operand> ops = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ops.add(new Operand(inputs.get(i), values.get(i).data()));
        }
        return new Tensor(out, Kernels.run(node.op(), ops, out, 1, new Parallel(1)).clone());
    }

    /**
     * Runs one node on the reference loops: what another backend does with an operator it has no kernel for.
     *
     * @param node     the node
     * @param inputs   its inputs' shape information
     * @param values   their data (n samples back to back for batched inputs)
     * @param outShape per-sample output shape
     * @param n        samples
     * @return the output, n samples back to back
     */
    public float[] runNode(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n) {
        return runNode(node, inputs, values, outShape, n, parallel);
    }

    /**
     * As {@link #runNode(Node, List, List, Shape, int)}, on a given worker pool: for a caller without a graph of
     * its own (an fp32 island inside an integer network).
     *
     * @param node     the node
     * @param inputs   its inputs' shape information
     * @param values   their data (n samples back to back for batched inputs)
     * @param outShape per-sample output shape
     * @param n        samples
     * @param parallel the worker pool
     * @return the output, n samples back to back
     */
    public static float[] runNode(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n, Parallel parallel) {
        List<Operand> ops = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ops.add(new Operand(inputs.get(i), values.get(i)));
        }
        return Kernels.run(node.op(), ops, outShape, n, parallel);
    }

    @Override
    public void close() {
        parallel.close();
    }
}
