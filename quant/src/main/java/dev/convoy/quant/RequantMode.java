package dev.convoy.quant;

import dev.convoy.BadInputException;

/** How an integer accumulator is scaled to the next layer's format. */
public enum RequantMode {
    /** float32 scale, ties to even — ONNX Runtime's QLinearConv ({@code OrtRequant}) */
    ONNX,
    /** Q31 multiplier and shift, gemmlowp double rounding — TFLite ({@code QuantizedMultiplier}) */
    TFLITE,
    /** power-of-two scales, a shift with an ap_fixed rounding and overflow mode — PipeCNN/hls4ml ({@code FixedPoint}) */
    SHIFT;

    /**
     * @param text onnx, tflite or shift
     * @return the mode
     */
    public static RequantMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--requant " + text + " is not one of onnx, tflite, shift");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
