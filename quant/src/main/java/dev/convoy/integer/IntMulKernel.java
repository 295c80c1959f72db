package dev.convoy.integer;

import dev.convoy.arith.OrtRequant;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.tensor.Broadcast;
import dev.convoy.tensor.Shape;

/** The integer product of two tensors, broadcasting, by the rule {@link QLayer.QMul} states for each mode. */
final class IntMulKernel {
    private IntMulKernel() {
    }

    /**
     * @param mul    the layer
     * @param a      first input, n samples of {@code sa}
     * @param sa     per-sample shape of a
     * @param b      second input, n samples of {@code sb}
     * @param sb     per-sample shape of b
     * @param out    per-sample output shape
     * @param n      samples
     * @return the output integers
     */
    static int[] run(QLayer.QMul mul, int[] a, Shape sa, int[] b, Shape sb, Shape out, int n) {
        int size = out.size();
        int[] y = new int[n * size];
        int[] stA = Broadcast.strides(sa, out), stB = Broadcast.strides(sb, out);
        int rank = out.rank();
        ActQuant fa = mul.a(), fb = mul.b(), fy = mul.y();
        for (int s = 0; s < n; s++) {
            int ia = s * sa.size(), ib = s * sb.size();
            int[] idx = new int[rank];
            for (int i = 0; i < size; i++) {
                int v = switch (fy.mode()) {
                    case ONNX -> OrtRequant.quantize(fa.dequantize(a[ia]) * fb.dequantize(b[ib]), fy.scale(), fy.zeroPoint(),
                            fy.qmin(), fy.qmax());
                    case TFLITE -> (int) Math.max(fy.qmin(), Math.min(fy.qmax(),
                            mul.scale().apply((long) (a[ia] - fa.zeroPoint()) * (b[ib] - fb.zeroPoint())) + fy.zeroPoint()));
                    case SHIFT -> (int) mul.scale().apply((long) a[ia] * b[ib]);
                };
                y[s * size + i] = Math.max(mul.lo(), Math.min(mul.hi(), v));
                for (int d = rank - 1; d >= 0; d--) {
                    ia += stA[d];
                    ib += stB[d];
                    if (++idx[d] < out.dim(d)) {
                        break;
                    }
                    ia -= stA[d] * idx[d];
                    ib -= stB[d] * idx[d];
                    idx[d] = 0;
                }
            }
        }
        return y;
    }
}
