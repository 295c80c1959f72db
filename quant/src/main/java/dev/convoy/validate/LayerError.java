package dev.convoy.validate;

/**
 * How far one quantized layer's output is from the fp32 reference's, over every element of every image.
 *
 * @param name         the node whose output this is (or the value name for the quantized input)
 * @param op           the integer layer type
 * @param format       the value's integer format, e.g. {@code int8 s=0.0213 zp=-128} or {@code Q(8,5)}
 * @param sqnrDb       10·log10(Σ x² / Σ (x − x̂)²) in dB (infinite when the error is zero)
 * @param maxAbsError  max |x − x̂| in the tensor's real units
 * @param elements     elements compared
 * @param seconds      wall time of this layer in the integer run, summed over batches, in seconds (host time
 *                     from the previous layer's output to this one's)
 */
public record LayerError(String name, String op, String format, double sqnrDb, double maxAbsError, long elements, double seconds) {
}
