package dev.convoy.quant;

import dev.convoy.BadInputException;

/** How an integer accumulator is scaled to the next layer's format. */
public enum RequantMode {
    /** float32 scale, ties to even — ONNX Runtime's QLinearConv ({@code OrtRequant}) */
    ONNX(0),
    /** Q31 multiplier and shift, gemmlowp double rounding — TFLite ({@code QuantizedMultiplier}) */
    TFLITE(1),
    /** power-of-two scales, a shift with an ap_fixed rounding and overflow mode — PipeCNN/hls4ml ({@code FixedPoint}) */
    SHIFT(2);

    private final int kernelCode;

    RequantMode(int kernelCode) {
        this.kernelCode = kernelCode;
    }

    /** @return {@code REQUANT_MODE} and {@code ADD_MODE} in {@code requant.cl}, {@code int_ops.cl} and {@code conv_swi.cl} (an explicit constant: reordering the constants must not change it) */
    public int kernelCode() {
        return kernelCode;
    }

    /**
     * @param text onnx, tflite or shift
     * @return the mode
     */
    public static RequantMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(text + " is not one of onnx, tflite, shift");
        }
    }

    /**
     * @param code a kernel code, as a device binary's manifest reports it
     * @return the mode, or "mode N (unknown)" text via an exception-free fallback
     */
    public static String ofKernelCode(int code) {
        for (RequantMode m : values()) {
            if (m.kernelCode == code) {
                return m.toString();
            }
        }
        return "unknown mode " + code;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
