package dev.convoy.passes;

import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every node whose inputs are all constants (with the reference kernels, so the folded value is
 * what the node would compute at run time) and drops constants nothing reads any more.
 */
public final class ConstantFolding {
    private ConstantFolding() {
    }

    /**
     * @param g a graph
     * @return the graph with constant subgraphs replaced by their values
     */
    public static Graph apply(Graph g) {
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            List<Value> ins = g.inputsOf(n);
            Value out = g.value(n.output());
            if (!out.batched() && !g.isOutput(n.output()) && n.inputs().stream().allMatch(constants::containsKey)) {
                List<Tensor> values = n.inputs().stream().map(constants::get).toList();
                constants.put(n.output(), ReferenceBackend.evaluateConstant(n, ins, values, out.shape()));
            } else {
                kept.add(n);
            }
        }
        Set<String> read = new HashSet<>(g.outputs());
        kept.forEach(n -> read.addAll(n.inputs()));
        constants.keySet().retainAll(read);
        return g.with(kept, constants);
    }
}
