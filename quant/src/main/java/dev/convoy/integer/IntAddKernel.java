package dev.convoy.integer;

import dev.convoy.arith.FixedPoint;
import dev.convoy.arith.OrtRequant;
import dev.convoy.arith.TfliteAdd;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;

/**
 * Sum of two tensors in different formats, by the mode's rule:
 * <ul>
 *   <li>onnx — DequantizeLinear both, add in float32, QuantizeLinear (what ONNX Runtime computes for
 *       DequantizeLinear → Add → QuantizeLinear);</li>
 *   <li>tflite — TFLite's integer ADD: inputs shifted left 20 bits (15 for 16-bit), scaled by Q31
 *       multipliers relative to twice the larger input scale, summed, rescaled to the output;</li>
 *   <li>shift — align both to the finer fraction by left shifts (exact), add, convert to the output's
 *       Q(W, F) with its rounding and overflow modes.</li>
 * </ul>
 */
final class IntAddKernel {
    private IntAddKernel() {
    }

    static int[] run(QLayer.QAdd add, int[] a, int[] b) {
        int[] out = new int[a.length];
        ActQuant fa = add.a(), fb = add.b(), fy = add.y();
        switch (fy.mode()) {
            case ONNX -> {
                for (int i = 0; i < out.length; i++) {
                    float s = fa.dequantize(a[i]) + fb.dequantize(b[i]);
                    out[i] = clamp(OrtRequant.quantize(s, fy.scale(), fy.zeroPoint(), fy.qmin(), fy.qmax()), add);
                }
            }
            case TFLITE -> {
                TfliteAdd rule = TfliteAdd.of(fa.scale(), fb.scale(), fy.scale(), fy.qmax() > 127);
                for (int i = 0; i < out.length; i++) {
                    long v = rule.apply(a[i] - fa.zeroPoint(), b[i] - fb.zeroPoint()) + fy.zeroPoint();
                    out[i] = clamp((int) Math.max(fy.qmin(), Math.min(fy.qmax(), v)), add);
                }
            }
            case SHIFT -> {
                int frac = Math.max(fa.frac(), fb.frac());
                FixedPoint y = fy.fixed();
                for (int i = 0; i < out.length; i++) {
                    long s = ((long) a[i] << (frac - fa.frac())) + ((long) b[i] << (frac - fb.frac()));
                    out[i] = clamp((int) y.fromRaw(s, frac), add);
                }
            }
        }
        return out;
    }

    private static int clamp(int v, QLayer.QAdd add) {
        return Math.max(add.lo(), Math.min(add.hi(), v));
    }
}
