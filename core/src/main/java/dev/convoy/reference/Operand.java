package dev.convoy.reference;

import dev.convoy.graph.Value;

/**
 * A kernel's view of one input: the data and how to read it. A batched operand holds {@code n} samples of
 * {@code info.shape()} back to back; a constant holds one copy that every sample shares.
 *
 * @param info shape and batchedness
 * @param data elements, row-major
 */
record Operand(Value info, float[] data) {
    /** @return elements per sample (or in the constant) */
    int sampleSize() {
        return info.shape().size();
    }

    /**
     * @param sample sample index
     * @return offset of that sample's first element (0 for constants)
     */
    int offset(int sample) {
        return info.batched() ? sample * sampleSize() : 0;
    }
}
