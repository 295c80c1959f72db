package dev.convoy.passes;

import dev.convoy.graph.Activation;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * Folds an inference-mode BatchNorm into the Conv or Dense before it: per output channel m,
 * {@code w'[m] = w[m]·k[m]} and {@code b'[m] = b[m]·k[m] + (β[m] − μ[m]·k[m])} with {@code k = γ/√(σ²+ε)}.
 * Legal only when that layer has no activation of its own and the BatchNorm is its only reader; otherwise
 * the BatchNorm stays as its own operator.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /**
     * @param g a graph
     * @return the graph with every legal BatchNorm folded
     */
    public static Graph apply(Graph g) {
        List<Node> nodes = Rewrite.nodes(g);
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof BatchNorm bn)) {
                continue;
            }
            Node p = Rewrite.soleProducer(g, n, 0);
            if (p == null || p.op().activation() != Activation.NONE) {
                continue;
            }
            Op folded = null;
            if (p.op() instanceof Conv c) {
                folded = new Conv(scaleRows(c.weight(), bn), bias(c.bias(), bn), c.window(), c.groups(), bn.activation());
            } else if (p.op() instanceof Dense d && g.value(p.output()).shape().rank() == 1) {
                folded = new Dense(scaleRows(d.weight(), bn), bias(d.bias(), bn), bn.activation());
            }
            if (folded != null) {
                Rewrite.merge(nodes, Rewrite.current(nodes, p), n, folded);
            }
        }
        return g.with(nodes, g.constants());
    }

    private static Tensor scaleRows(Tensor w, BatchNorm bn) {
        int rows = w.shape().dim(0);
        int per = w.size() / rows;
        float[] out = w.data().clone();
        for (int m = 0; m < rows; m++) {
            float k = bn.multiplier(m);
            for (int i = m * per; i < (m + 1) * per; i++) {
                out[i] *= k;
            }
        }
        return new Tensor(w.shape(), out);
    }

    private static float[] bias(float[] b, BatchNorm bn) {
        float[] out = new float[bn.scale().length];
        for (int m = 0; m < out.length; m++) {
            out[m] = (b == null ? 0f : b[m]) * bn.multiplier(m) + bn.offset(m);
        }
        return out;
    }
}
