package dev.convoy.passes;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * Folds an Add (or Sub) of a per-output-channel constant into the bias of the Conv or Dense before it —
 * how MatMul + Add, as exporters write a Linear layer, becomes one fully-connected layer.
 */
public final class BiasFolding {
    private BiasFolding() {
    }

    /**
     * @param g a graph
     * @return the graph with every foldable bias add folded
     */
    public static Graph apply(Graph g) {
        List<Node> nodes = Rewrite.nodes(g);
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Binary b) || b.activation() != Activation.NONE
                    || (b.kind() != BinaryKind.ADD && b.kind() != BinaryKind.SUB)) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Tensor c = g.constants().get(n.inputs().get(1 - side));
                if (c == null || (b.kind() == BinaryKind.SUB && side == 1)) {
                    continue;
                }
                Node p = Rewrite.soleProducer(g, n, side);
                if (p == null || p.op().activation() != Activation.NONE) {
                    continue;
                }
                Op folded = fold(p.op(), c, b.kind() == BinaryKind.SUB ? -1f : 1f, g.value(p.output()).shape());
                if (folded != null) {
                    Rewrite.merge(nodes, Rewrite.current(nodes, p), n, folded);
                    break;
                }
            }
        }
        return g.with(nodes, g.constants());
    }

    private static Op fold(Op op, Tensor c, float sign, Shape out) {
        // Dense works on the last axis, so a bias [F] (or [1,…,1,F]) folds whatever the per-sample rank
        if (op instanceof Dense d && c.size() == d.outFeatures() && c.shape().rank() <= out.rank() + 1
                && c.shape().dim(-1) == d.outFeatures()) {
            return new Dense(d.weight(), add(d.bias(), c, sign, d.outFeatures()), Activation.NONE);
        }
        if (op instanceof Conv cv && perChannel(c.shape(), 3, cv.outChannels())) {
            return new Conv(cv.weight(), add(cv.bias(), c, sign, cv.outChannels()), cv.window(), cv.groups(), Activation.NONE);
        }
        return null;
    }

    /** @return whether a constant reads as one value per channel: [channels, 1...] of the sample's rank, or [1, channels, 1...] */
    private static boolean perChannel(Shape c, int sampleRank, int channels) {
        Shape s = c.rank() == sampleRank + 1 && c.dim(0) == 1 ? c.dropFirst() : c;
        if (s.rank() != sampleRank || s.dim(0) != channels) {
            return false;
        }
        return s.size() == channels;
    }

    private static float[] add(float[] bias, Tensor c, float sign, int channels) {
        float[] out = new float[channels];
        for (int m = 0; m < channels; m++) {
            out[m] = (bias == null ? 0f : bias[m]) + sign * c.data()[m];
        }
        return out;
    }
}
