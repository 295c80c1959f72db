package dev.convoy.quant;

import dev.convoy.arith.FixedPoint;
import dev.convoy.arith.OrtRequant;
import dev.convoy.arith.QuantizedMultiplier;

/** Scales one output channel's integer accumulator to the output format, rounding by the mode's rule. */
public sealed interface Requantizer {
    /**
     * The requantizer of an affine-mode layer channel: x_scale · w_scale / y_scale in float32 (onnx) or as a
     * Q31 multiplier computed in double (tflite).
     *
     * @param mode   onnx or tflite
     * @param fx     input format
     * @param wScale the channel's weight scale
     * @param fy     output format
     * @return the requantizer
     */
    static Requantizer affine(RequantMode mode, ActQuant fx, float wScale, ActQuant fy) {
        if (mode == RequantMode.ONNX) {
            return new Float(OrtRequant.scale(fx.scale(), wScale, fy.scale()));
        }
        if (mode == RequantMode.SHIFT) {
            throw new IllegalArgumentException("shift mode has no affine requantizer");
        }
        double mult = (double) fx.scale() * (double) wScale / (double) fy.scale();
        return new Q31(QuantizedMultiplier.of(mult), fy.qmax() > 127);
    }

    /**
     * @param acc the accumulator (bias included)
     * @return the rounded value, before the zero point is added
     */
    long apply(long acc);

    /**
     * ONNX Runtime: {@code (float) acc · scale}, ties to even.
     *
     * @param scale float32 (x_scale · w_scale) / y_scale
     */
    record Float(float scale) implements Requantizer {
        @Override
        public long apply(long acc) {
            return OrtRequant.requantize(acc, scale);
        }
    }

    /**
     * TFLite: Q31 multiplier and shift, double rounding; 32-bit accumulators for 8-bit formats, the
     * 64-bit overload for wider ones.
     *
     * @param multiplier the quantized multiplier
     * @param wide       use the int64 overload
     */
    record Q31(QuantizedMultiplier multiplier, boolean wide) implements Requantizer {
        @Override
        public long apply(long acc) {
            if (wide) {
                return multiplier.apply(acc);
            }
            if (acc != (int) acc) {
                throw new ArithmeticException("int32 accumulator overflow: " + acc);
            }
            return multiplier.apply((int) acc);
        }
    }

    /**
     * Power of two: drop (or add) bits from the accumulator's F_x + F_w fractional bits to the output's,
     * with the output format's rounding and overflow modes.
     *
     * @param out     the output format
     * @param srcFrac fractional bits of the accumulator
     */
    record Shift(FixedPoint out, int srcFrac) implements Requantizer {
        @Override
        public long apply(long acc) {
            return out.fromRaw(acc, srcFrac);
        }
    }
}
