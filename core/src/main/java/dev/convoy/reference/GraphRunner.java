package dev.convoy.reference;

import dev.convoy.graph.Graph;
import dev.convoy.tensor.Tensor;
import java.util.Map;

/** Runs a graph on the host: the reference loops, or a faster backend keeping their data flow. */
public interface GraphRunner extends AutoCloseable {
    /** @return the graph it runs */
    Graph graph();

    /**
     * @param input [N, per-sample input shape...]
     * @return the first output [N, ...]
     */
    Tensor run(Tensor input);

    /**
     * @param inputs one tensor [N, ...] per graph input, by name
     * @param tap    receives every node's output, or null
     * @return the graph's outputs by name
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap);

    /** Stops its threads. */
    @Override
    void close();
}
