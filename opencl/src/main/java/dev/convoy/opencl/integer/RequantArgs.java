package dev.convoy.opencl.integer;

import dev.convoy.quant.OutputStage;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Requantizer;

/**
 * An integer convolution's output stage as requant.cl's {@code output_stage} takes it: the rule
 * ({@code REQUANT_MODE}: {@code RequantMode.kernelCode}), per-channel arrays and the shift parameters.
 *
 * @param mode     REQUANT_MODE
 * @param wide     TFLite's 64-bit overload (16-bit formats)
 * @param scale    onnx: float32 scale per channel
 * @param mult     tflite: Q31 multiplier per channel
 * @param shift    tflite: shift per channel
 * @param drop     shift: fractional bits dropped (negative: added)
 * @param width    shift: output width, bits
 * @param rounding shift: ap_fixed rounding mode ({@code Rounding.kernelCode})
 * @param overflow shift: ap_fixed overflow mode ({@code Overflow.kernelCode})
 */
public record RequantArgs(int mode, boolean wide, float[] scale, int[] mult, int[] shift, int drop, int width, int rounding, int overflow) {

    /**
     * @param out      the layer's output stage
     * @param channels array length wanted (a per-layer requantizer is repeated when this exceeds its count)
     * @return the arguments
     * @throws UnsupportedOperationException for a shift beyond the kernel's 62 bits
     */
    public static RequantArgs of(OutputStage out, int channels) {
        Requantizer[] per = out.perChannel();
        float[] scale = new float[channels];
        int[] mult = new int[channels], shift = new int[channels];
        int drop = 0, width = 8, rounding = 0, overflow = 1;
        boolean wide = false;
        int mode = (per[0] instanceof Requantizer.Float ? RequantMode.ONNX : per[0] instanceof Requantizer.Q31 ? RequantMode.TFLITE : RequantMode.SHIFT).kernelCode();
        for (int i = 0; i < channels; i++) {
            Requantizer r = per[per.length == 1 ? 0 : i];
            if (r instanceof Requantizer.Float f) {
                scale[i] = f.scale();
            } else if (r instanceof Requantizer.Q31 q) {
                mult[i] = q.multiplier().multiplier();
                shift[i] = q.multiplier().shift();
                wide = q.wide();
            } else if (r instanceof Requantizer.Shift s) {
                drop = s.srcFrac() - s.out().frac();
                width = s.out().width();
                rounding = s.out().rounding().kernelCode();
                overflow = s.out().overflow().kernelCode();
                if (drop > 62) {
                    throw new UnsupportedOperationException("a shift of " + drop + " bits is outside the kernel's range");
                }
            }
        }
        return new RequantArgs(mode, wide, scale, mult, shift, drop, width, rounding, overflow);
    }
}
