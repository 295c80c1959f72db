package dev.convoy.schedule;

/**
 * A layer that does no multiply-accumulate work worth an array — pooling, element-wise add or multiply, an
 * unfused activation, concatenation, padding, resize, data movement — costed as a pass over off-chip memory:
 * its inputs read and its output written once per image.
 *
 * @param name       node name
 * @param op         operator
 * @param readWords  words read per image (all inputs)
 * @param writeWords words written per image
 * @param kind       how the layer moves data
 */
public record MemoryPass(String name, String op, long readWords, long writeWords, Kind kind) implements Stage {
    /** How the layer moves data. */
    public enum Kind {
        /** reads its inputs and writes its output over DRAM */
        DRAM,
        /** pooling fed directly by a convolution: may run beside the convolution pipeline on boards built so */
        POOL_AFTER_CONV,
        /** a reshape or flatten: a new view of the same bytes, nothing moved */
        VIEW,
        /** an fp32 island of a quantized model: runs on the host, not on the accelerator */
        HOST
    }

    /** Rejects negative sizes. */
    public MemoryPass {
        if (readWords < 0 || writeWords < 0) {
            throw new IllegalArgumentException(name + ": negative word counts");
        }
    }
}
