package dev.convoy.quant;

/**
 * The end of an integer layer: per-channel requantization, the output zero point, and the clamp that both
 * saturates to the format and applies a fused ReLU/Clip.
 *
 * @param perChannel one requantizer per output channel (length 1 when per-tensor)
 * @param zeroPoint  output zero point
 * @param lo         lowest output integer (qmin, or the zero point under a fused ReLU)
 * @param hi         highest output integer
 */
public record OutputStage(Requantizer[] perChannel, int zeroPoint, int lo, int hi) {
    /**
     * @param acc     accumulator of channel c
     * @param channel output channel
     * @return the output integer
     */
    public int apply(long acc, int channel) {
        long v = perChannel[perChannel.length == 1 ? 0 : channel].apply(acc) + zeroPoint;
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
