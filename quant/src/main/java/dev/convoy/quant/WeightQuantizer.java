package dev.convoy.quant;

import dev.convoy.arith.FixedPoint;
import dev.convoy.arith.OrtRequant;
import dev.convoy.arith.QuantizedMultiplier;

/**
 * Weights and biases into integers, by the mode's rule: symmetric per output channel in [−qmax, qmax] for
 * the affine modes (ONNX Runtime: {@code w / scale} half to even; TFLite: {@code w · (qmax / max|w|)} half
 * away), one power-of-two format per layer in shift mode. Biases go to the accumulator's units.
 */
final class WeightQuantizer {
    private WeightQuantizer() {
    }

    /**
     * Quantized weights of one layer.
     *
     * @param values  integers, same layout as the fp32 weights
     * @param scales  per-channel real step (shift mode: 2^−F for every channel)
     * @param frac    shift mode: fractional bits F_w; 0 otherwise
     */
    record Weights(int[] values, float[] scales, int frac) {
    }

    static Weights quantize(float[] w, int channels, QuantOptions o) {
        int per = w.length / channels;
        int qmax = o.scheme().qmax();
        int[] q = new int[w.length];
        float[] scales = new float[channels];
        if (o.powerOfTwo()) {
            double absMax = 0;
            for (float v : w) {
                absMax = Math.max(absMax, Math.abs(v));
            }
            int frac = coveringFrac(absMax, qmax);
            FixedPoint f = new FixedPoint(o.scheme().bits(), frac, o.rounding(), dev.convoy.arith.Overflow.SAT);
            for (int i = 0; i < w.length; i++) {
                q[i] = (int) f.fromDouble(w[i]);
            }
            java.util.Arrays.fill(scales, (float) f.lsb());
            return new Weights(q, scales, frac);
        }
        for (int c = 0; c < channels; c++) {
            float absMax = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                absMax = Math.max(absMax, Math.abs(w[i]));
            }
            float scale = absMax == 0 ? 1f : (float) ((double) absMax / qmax);
            scales[c] = scale;
            float inverse = absMax == 0 ? 0f : qmax / absMax;
            for (int i = c * per; i < (c + 1) * per; i++) {
                double r = o.requant() == RequantMode.TFLITE ? QuantizedMultiplier.roundHalfAway(w[i] * inverse) : Math.rint(w[i] / scale);
                q[i] = OrtRequant.saturate(r, -qmax, qmax);
            }
        }
        return new Weights(q, scales, 0);
    }

    /**
     * @param absMax largest magnitude to represent
     * @param qmax   largest integer
     * @return the largest F with absMax · 2^F ≤ qmax (clamped to −16..40)
     */
    static int coveringFrac(double absMax, int qmax) {
        if (absMax == 0) {
            return 0;
        }
        int f = (int) Math.floor(Math.log(qmax / absMax) / Math.log(2));
        while (absMax * Math.scalb(1.0, f + 1) <= qmax) {
            f++;
        }
        while (f > -16 && absMax * Math.scalb(1.0, f) > qmax) {
            f--;
        }
        return Math.max(-16, Math.min(40, f));
    }

    /**
     * @param b        bias, or null
     * @param channels output channels
     * @param inScale  input scale
     * @param w        the layer's quantized weights
     * @param inFrac   shift mode: the input's fractional bits
     * @param o        options
     * @return the bias in accumulator units: round(b / (s_x · s_w[c])), or b · 2^(F_x + F_w) in shift mode
     */
    static long[] bias(float[] b, int channels, float inScale, Weights w, int inFrac, QuantOptions o) {
        long[] q = new long[channels];
        if (b == null) {
            return q;
        }
        for (int c = 0; c < channels; c++) {
            if (o.powerOfTwo()) {
                q[c] = o.rounding().round(Math.scalb((double) b[c], inFrac + w.frac()));
            } else {
                float bs = inScale * w.scales()[c];
                double r = b[c] / bs;
                q[c] = (long) (o.requant() == RequantMode.TFLITE ? QuantizedMultiplier.roundHalfAway(r) : Math.rint(r));
            }
        }
        return q;
    }
}
