package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Bias and fused activation applied while a layer's results are copied out, a vector at a time for the
 * activations the hardware does directly (identity, ReLU, Clip) with the reference's semantics (ReLU maps NaN to 0,
 * Clip keeps it), element by element for the others.
 */
final class Epilogue {
    private Epilogue() {
    }

    /**
     * out[dst + j] = act(src[from + j] + bias) for j &lt; count.
     *
     * @param src   results
     * @param from  first
     * @param out   destination
     * @param dst   first
     * @param count elements
     * @param bias  added to each
     * @param act   the fused activation
     */
    static void apply(float[] src, int from, float[] out, int dst, int count, float bias, Activation act) {
        int bound = Gemm.SPECIES.loopBound(count), j = 0;
        FloatVector b = FloatVector.broadcast(Gemm.SPECIES, bias);
        if (act instanceof Activation.Linear) {
            for (; j < bound; j += Gemm.VL) {
                FloatVector.fromArray(Gemm.SPECIES, src, from + j).add(b).intoArray(out, dst + j);
            }
        } else if (act instanceof Activation.Relu) {
            FloatVector zero = FloatVector.zero(Gemm.SPECIES);
            for (; j < bound; j += Gemm.VL) {
                FloatVector v = FloatVector.fromArray(Gemm.SPECIES, src, from + j).add(b);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, dst + j);
            }
        } else if (act instanceof Activation.Clip c) {
            FloatVector lo = FloatVector.broadcast(Gemm.SPECIES, c.min()), hi = FloatVector.broadcast(Gemm.SPECIES, c.max());
            for (; j < bound; j += Gemm.VL) {
                FloatVector v = FloatVector.fromArray(Gemm.SPECIES, src, from + j).add(b);
                v = v.blend(lo, v.compare(VectorOperators.LT, c.min()));
                v.blend(hi, v.compare(VectorOperators.GT, c.max())).intoArray(out, dst + j);
            }
        }
        for (; j < count; j++) {
            out[dst + j] = act.apply(src[from + j] + bias);
        }
    }
}
