package dev.convoy.reference;

import dev.convoy.graph.Reduce;
import dev.convoy.tensor.Shape;

/**
 * ReduceMean/Max/Min/Sum: each output element folds the input elements that share its kept coordinates,
 * in row-major order, accumulating in double and rounding once (the mean divides the double sum).
 */
final class ReduceKernel {
    private ReduceKernel() {
    }

    static float[] run(Reduce op, Operand x, int n, Parallel parallel) {
        Shape in = x.info().shape();
        int rank = in.rank();
        // output position of every input element, per sample (the kept axes' row-major index)
        int[] target = new int[in.size()];
        int[] idx = new int[rank];
        int outSize = 1;
        for (int d = 0; d < rank; d++) {
            outSize *= op.reduces(d) ? 1 : in.dim(d);
        }
        int count = in.size() / Math.max(1, outSize);
        for (int i = 0; i < target.length; i++) {
            int t = 0;
            for (int d = 0; d < rank; d++) {
                if (!op.reduces(d)) {
                    t = t * in.dim(d) + idx[d];
                }
            }
            target[i] = t;
            for (int d = rank - 1; d >= 0 && ++idx[d] == in.dim(d); d--) {
                idx[d] = 0;
            }
        }
        int size = outSize;
        float[] out = new float[n * size];
        float[] src = x.data();
        parallel.forEach(n, s -> {
            double[] acc = new double[size];
            boolean extreme = op.kind() == dev.convoy.graph.ReduceKind.MAX || op.kind() == dev.convoy.graph.ReduceKind.MIN;
            if (extreme) {
                java.util.Arrays.fill(acc, op.kind() == dev.convoy.graph.ReduceKind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            int base = x.offset(s);
            for (int i = 0; i < target.length; i++) {
                double v = src[base + i];
                int t = target[i];
                acc[t] = switch (op.kind()) {
                    case MAX -> Math.max(acc[t], v);
                    case MIN -> Math.min(acc[t], v);
                    default -> acc[t] + v;
                };
            }
            for (int t = 0; t < size; t++) {
                out[s * size + t] = (float) (op.kind() == dev.convoy.graph.ReduceKind.MEAN ? acc[t] / count : acc[t]);
            }
        });
        return out;
    }
}
