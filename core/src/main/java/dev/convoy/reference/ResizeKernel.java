package dev.convoy.reference;

import dev.convoy.graph.Resize;
import dev.convoy.tensor.Shape;

/**
 * Resize, separable per axis: every output coordinate gets (up to) two input indices and weights along each
 * axis, from the op's coordinate transform — nearest takes one index with weight 1, linear the two neighbours
 * of the source coordinate clamped into the axis (as ONNX Runtime clamps). An output element sums the product
 * weights over the 2^k corners of the k axes.
 */
final class ResizeKernel {
    private ResizeKernel() {
    }

    static float[] run(Resize op, Operand x, Shape outShape, int n, Parallel parallel) {
        Shape in = x.info().shape();
        int rank = in.rank();
        int[][] lo = new int[rank][], hi = new int[rank][];
        float[][] wHi = new float[rank][];
        int[] inStride = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            inStride[d] = s;
            s *= in.dim(d);
        }
        for (int d = 0; d < rank; d++) {
            int len = outShape.dim(d), inLen = in.dim(d);
            lo[d] = new int[len];
            hi[d] = new int[len];
            wHi[d] = new float[len];
            for (int o = 0; o < len; o++) {
                if (len == inLen && op.scales()[d] == 1f) {
                    lo[d][o] = hi[d][o] = o; // an axis left alone
                    continue;
                }
                float c = op.sourceCoordinate(o, d, inLen);
                if (op.linear()) {
                    c = Math.max(0f, Math.min(c, inLen - 1));
                    int i0 = (int) c;
                    lo[d][o] = i0;
                    hi[d][o] = Math.min(i0 + 1, inLen - 1);
                    wHi[d][o] = c - i0;
                } else {
                    lo[d][o] = hi[d][o] = op.nearest(c, inLen);
                }
            }
        }
        int size = outShape.size();
        float[] out = new float[n * size];
        float[] src = x.data();
        parallel.forEach(n, s -> {
            int base = x.offset(s);
            int[] idx = new int[rank];
            for (int i = 0; i < size; i++) {
                float v = 0f;
                for (int corner = 0; corner < (1 << rank); corner++) {
                    float w = 1f;
                    int at = base;
                    for (int d = 0; d < rank && w != 0f; d++) {
                        int o = idx[d];
                        boolean upper = (corner >> d & 1) != 0;
                        float wh = wHi[d][o];
                        if (upper && lo[d][o] == hi[d][o]) {
                            w = 0f; // one index on this axis: its weight sits on the lower corner
                        }
                        w *= upper ? wh : 1f - wh;
                        at += (upper ? hi[d][o] : lo[d][o]) * inStride[d];
                    }
                    if (w != 0f) {
                        v += w * src[at];
                    }
                }
                out[s * size + i] = v;
                for (int d = rank - 1; d >= 0 && ++idx[d] == outShape.dim(d); d--) {
                    idx[d] = 0;
                }
            }
        });
        return out;
    }
}
