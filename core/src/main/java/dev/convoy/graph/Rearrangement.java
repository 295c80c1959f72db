package dev.convoy.graph;

import dev.convoy.tensor.Shape;

/**
 * An operator that only moves elements (Transpose, Slice, Gather): each output element is one input element
 * of the same sample. Every backend runs it from the same index map, so the fp32 and integer paths move the
 * very same elements, and an integer tensor keeps its format through it.
 */
public interface Rearrangement {
    /**
     * @param in per-sample input shape
     * @return for each per-sample output element, row-major, the index of its input element within the sample
     */
    int[] sourceIndex(Shape in);
}
