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

    /**
     * {@link #apply} over runs: for i &lt; count, out[dst + position[first + i] + j] = act(src[from + i·step + j] + bias)
     * for j &lt; length[first + i]; the activation is chosen once for all runs.
     *
     * @param src      results
     * @param from     the first run's first element
     * @param step     elements from one run to the next in src
     * @param out      destination
     * @param dst      the element position 0 maps to
     * @param position each run's first position
     * @param length   each run's length
     * @param first    first run
     * @param count    runs
     * @param bias     added to each
     * @param act      the fused activation
     */
    static void applyRuns(float[] src, int from, int step, float[] out, int dst, int[] position, int[] length, int first, int count, float bias,
                          Activation act) {
        FloatVector b = FloatVector.broadcast(Gemm.SPECIES, bias);
        boolean relu = act instanceof Activation.Relu, linear = act instanceof Activation.Linear;
        Activation.Clip clip = act instanceof Activation.Clip c ? c : null;
        if (!relu && !linear && clip == null) {
            for (int i = 0; i < count; i++) {
                apply(src, from + i * step, out, dst + position[first + i], length[first + i], bias, act);
            }
            return;
        }
        float lo = clip != null ? clip.min() : 0f, hi = clip != null ? clip.max() : 0f;
        for (int i = 0; i < count; i++) {
            int s = from + i * step, d = dst + position[first + i], n = length[first + i], j = 0;
            // a short last vector (a 12- or 14-column run) is computed whole in place in src, which has the room,
            // and its valid lanes copied: the scalar loop below costed as much as all the vectors
            boolean roomy = s + Gemm.SPECIES.loopBound(n + Gemm.VL - 1) <= src.length;
            for (int bound = roomy ? n : Gemm.SPECIES.loopBound(n); j < bound; j += Gemm.VL) {
                FloatVector v = FloatVector.fromArray(Gemm.SPECIES, src, s + j).add(b);
                if (relu) {
                    v = FloatVector.zero(Gemm.SPECIES).blend(v, v.compare(VectorOperators.GT, 0f));
                } else if (clip != null) {
                    v = v.blend(lo, v.compare(VectorOperators.LT, lo));
                    v = v.blend(hi, v.compare(VectorOperators.GT, hi));
                }
                if (j + Gemm.VL <= n) {
                    v.intoArray(out, d + j);
                } else {
                    v.intoArray(src, s + j);
                    System.arraycopy(src, s + j, out, d + j, n - j);
                    j = n;
                }
            }
            for (; j < n; j++) {
                out[d + j] = act.apply(src[s + j] + bias);
            }
        }
    }
}
