package dev.convoy.passes;

import dev.convoy.graph.Graph;

/** The standard pipeline every backend runs on an imported graph. */
public final class Passes {
    private Passes() {
    }

    /**
     * Constant folding, reshape sinking (for 1-D and 3-D layers), spatial reductions as global pooling, then BatchNorm folding, bias folding and activation fusion (in that order, so a
     * Conv → BatchNorm → Relu chain becomes one Conv with a fused Relu).
     *
     * @param g an imported graph
     * @return the optimised equivalent
     */
    public static Graph standard(Graph g) {
        Graph folded = ReduceToGlobalPool.apply(ReshapeSinking.apply(ConstantFolding.apply(g)));
        folded = BatchNormFolding.apply(folded);
        folded = BiasFolding.apply(folded);
        return ActivationFusion.apply(folded);
    }
}
