package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.reference.ValueTap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Per-node wall times of a host engine that reports each node's output as it finishes. */
final class HostTimes {
    private HostTimes() {
    }

    /**
     * @param graph    the graph the engine runs
     * @param batch    images in the batch (for the FLOP counts)
     * @param kernelOf node name to what ran it, for the report
     * @param run      runs the batch once, calling the tap after each node
     * @return one entry per node: time since the previous node finished (or the run started)
     */
    static List<LayerTime> of(Graph graph, int batch, UnaryOperator<String> kernelOf, Consumer<ValueTap> run) {
        List<LayerTime> layers = new ArrayList<>();
        long[] last = {System.nanoTime()};
        run.accept((Node node, dev.convoy.tensor.Tensor t) -> {
            long now = System.nanoTime();
            layers.add(new LayerTime(node.name(), node.op().type(), kernelOf.apply(node.name()), (now - last[0]) / 1e6,
                    2L * batch * node.op().macs(graph.inputsOf(node), graph.value(node.output()).shape())));
            last[0] = now;
        });
        return List.copyOf(layers);
    }
}
