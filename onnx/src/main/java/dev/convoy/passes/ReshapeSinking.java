package dev.convoy.passes;

import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves an activation or BatchNorm that reads a Reshape to before it, so it meets the layer that produced the
 * reshaped value and the folding and fusing passes can merge them. 1-D and 3-D convolutions are imported as a
 * 2-D convolution followed by a reshape back to their own rank; without this pass their BatchNorm and ReLU
 * would stay separate layers (slower in fp32, and a BatchNorm of rank other than 3 has no integer layer).
 *
 * <p>An activation commutes with any reshape. A BatchNorm over the C channels of the reshaped [C, ...] value
 * commutes with a reshape of [C', H, W] when C' is a multiple of C: channel c covers the C'/C consecutive
 * channels from c·C'/C, each of which takes channel c's scale and shift.
 */
public final class ReshapeSinking {
    private ReshapeSinking() {
    }

    /**
     * @param g a graph
     * @return the graph with every such activation and BatchNorm moved before the reshape it read
     */
    public static Graph apply(Graph g) {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Node r : g.nodes()) {
                if (!(r.op() instanceof Reshape) || g.isOutput(r.output()) || g.consumers(r.output()).size() != 1) {
                    continue;
                }
                Node c = g.consumers(r.output()).get(0);
                Value in = g.value(r.inputs().get(0));
                if (!in.batched() || c.inputs().size() != 1) {
                    continue;
                }
                Node moved = null;
                String pre = c.output() + "/before-reshape";
                if (c.op() instanceof ActivationLayer) {
                    moved = new Node(c.name(), c.op(), r.inputs(), pre);
                } else if (c.op() instanceof BatchNorm bn) {
                    BatchNorm widened = widen(bn, in.shape());
                    moved = widened == null ? null : new Node(c.name(), widened, r.inputs(), pre);
                }
                if (moved == null) {
                    continue;
                }
                List<Node> nodes = new ArrayList<>();
                for (Node n : g.nodes()) {
                    if (n == r) {
                        nodes.add(moved);
                        nodes.add(new Node(r.name(), r.op(), List.of(pre), c.output()));
                    } else if (n != c) {
                        nodes.add(n);
                    }
                }
                g = g.with(nodes, g.constants());
                changed = true;
                break;
            }
        }
        return g;
    }

    /** @return the BatchNorm over the channels of {@code in} equal to {@code bn} after the reshape, or null */
    private static BatchNorm widen(BatchNorm bn, Shape in) {
        int c = bn.scale().length;
        if (in.rank() != 3 || in.dim(0) % c != 0) {
            return null;
        }
        int k = in.dim(0) / c;
        float[][] v = {bn.scale(), bn.bias(), bn.mean(), bn.variance()};
        float[][] w = new float[4][in.dim(0)];
        for (int i = 0; i < in.dim(0); i++) {
            for (int j = 0; j < 4; j++) {
                w[j][i] = v[j][i / k];
            }
        }
        return new BatchNorm(w[0], w[1], w[2], w[3], bn.epsilon(), bn.activation());
    }
}
