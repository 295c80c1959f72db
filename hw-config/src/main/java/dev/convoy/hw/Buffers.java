package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * On-chip buffers, in bytes each (for both halves together when double-buffered).
 *
 * @param inputBytes     input feature-map buffer, bytes
 * @param weightBytes    weight buffer, bytes
 * @param outputBytes    output/accumulator buffer, bytes
 * @param doubleBuffered whether each buffer is split in two so the next tile loads while this one computes
 */
public record Buffers(@JsonProperty("input_bytes") long inputBytes, @JsonProperty("weight_bytes") long weightBytes,
                      @JsonProperty("output_bytes") long outputBytes, @JsonProperty("double_buffered") boolean doubleBuffered) {
    /** Largest buffer accepted, bytes (64 GiB); more looks like bits or a unit mistake. */
    public static final long MAX_BYTES = 1L << 36;

    /** Rejects non-positive sizes and sizes that look like a unit mistake. */
    public Buffers {
        Check.positive("buffers.input_bytes", inputBytes);
        Check.positive("buffers.weight_bytes", weightBytes);
        Check.positive("buffers.output_bytes", outputBytes);
        for (long b : new long[] {inputBytes, weightBytes, outputBytes}) {
            if (b > MAX_BYTES) {
                throw new IllegalArgumentException("buffers: " + b + " bytes (> 64 GiB) of on-chip memory looks like bits or a unit mistake");
            }
        }
    }

    /**
     * @param bytes a buffer's size
     * @return the bytes one tile may use: half when double-buffered
     */
    public long usable(long bytes) {
        return doubleBuffered ? bytes / 2 : bytes;
    }
}
