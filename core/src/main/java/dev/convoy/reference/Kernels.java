package dev.convoy.reference;

import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Binary;
import dev.convoy.graph.Concat;
import dev.convoy.graph.Conv;
import dev.convoy.graph.ConvTranspose;
import dev.convoy.graph.Rearrangement;
import dev.convoy.graph.Reduce;
import dev.convoy.graph.Resize;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Op;
import dev.convoy.graph.Pad;
import dev.convoy.graph.Pool;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Softmax;
import dev.convoy.tensor.Shape;
import java.util.List;

/** Picks the kernel for an operator: the one place the reference backend dispatches on the op hierarchy. */
final class Kernels {
    private Kernels() {
    }

    /**
     * @param op       the operator
     * @param ins      its inputs
     * @param outShape per-sample output shape
     * @param n        samples in the batch (1 for constants)
     * @param parallel the worker pool
     * @return n output samples, back to back
     */
    static float[] run(Op op, List<Operand> ins, Shape outShape, int n, Parallel parallel) {
        Operand x = ins.get(0);
        if (op instanceof Conv c) {
            return ConvKernel.run(c, x, outShape, n, parallel);
        } else if (op instanceof Pool p) {
            return PoolKernel.run(p, x, outShape, n, parallel);
        } else if (op instanceof GlobalPool g) {
            return GlobalPoolKernel.run(g, x, n, parallel);
        } else if (op instanceof BatchNorm bn) {
            return BatchNormKernel.run(bn, x, n, parallel);
        } else if (op instanceof Dense d) {
            return DenseKernel.run(d, x, n, parallel);
        } else if (op instanceof Binary b) {
            return BinaryKernel.run(b, x, ins.get(1), outShape, n, parallel);
        } else if (op instanceof ActivationLayer a) {
            return ActivationKernel.run(a.function(), x);
        } else if (op instanceof Flatten || op instanceof Reshape) {
            return x.data(); // same elements, new shape; values are never written after they are produced
        } else if (op instanceof Concat c) {
            return ConcatKernel.run(c, ins, outShape, n);
        } else if (op instanceof Pad p) {
            return PadKernel.run(p, x, n);
        } else if (op instanceof Softmax s) {
            return SoftmaxKernel.run(s, x, n);
        } else if (op instanceof Rearrangement r) {
            return RearrangeKernel.run(r, x, n);
        } else if (op instanceof Reduce r) {
            return ReduceKernel.run(r, x, n, parallel);
        } else if (op instanceof Resize r) {
            return ResizeKernel.run(r, x, outShape, n, parallel);
        } else if (op instanceof ConvTranspose t) {
            return ConvTransposeKernel.run(t, x, outShape, n, parallel);
        }
        throw new IllegalStateException("no reference kernel for " + op.type());
    }
}
