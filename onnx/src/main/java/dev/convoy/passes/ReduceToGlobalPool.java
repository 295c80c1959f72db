package dev.convoy.passes;

import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Reduce;
import dev.convoy.graph.ReduceKind;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A ReduceMean or ReduceMax over both spatial axes of a [C, H, W] value (ShuffleNetV2's and many exporters' head:
 * {@code x.mean([2, 3])}) is a global average or max pool, followed, when the axes are dropped, by a free reshape to
 * [C]. Written as such, it runs on every backend's global-pooling kernels and on the integer path (which has no
 * general reduction).
 */
public final class ReduceToGlobalPool {
    private ReduceToGlobalPool() {
    }

    /**
     * @param g a graph
     * @return the graph with such reductions as global pooling
     */
    public static Graph apply(Graph g) {
        List<Node> nodes = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            Value x = g.value(n.inputs().get(0));
            if (n.op() instanceof Reduce r && (r.kind() == ReduceKind.MEAN || r.kind() == ReduceKind.MAX) && x.batched()
                    && x.shape().rank() == 3 && r.axes().length == 2 && r.axes()[0] == 1 && r.axes()[1] == 2) {
                GlobalPool pool = new GlobalPool(r.kind() == ReduceKind.MEAN ? PoolKind.AVERAGE : PoolKind.MAX);
                if (r.keepDims()) {
                    nodes.add(new Node(n.name(), pool, n.inputs(), n.output()));
                } else {
                    String pooled = n.output() + "/pooled";
                    nodes.add(new Node(n.name(), pool, n.inputs(), pooled));
                    nodes.add(new Node(n.name() + "/flatten", new Reshape(new long[] {Reshape.BATCH, x.shape().dim(0)}, false, -1),
                            List.of(pooled), n.output()));
                }
                changed = true;
            } else {
                nodes.add(n);
            }
        }
        return changed ? g.with(nodes, g.constants()) : g;
    }
}
