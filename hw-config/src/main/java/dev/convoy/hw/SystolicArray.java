package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rows × cols systolic array with a SCALE-Sim dataflow.
 *
 * @param rows     PE rows
 * @param cols     PE columns
 * @param dataflow os, ws or is
 */
public record SystolicArray(@JsonProperty("rows") int rows, @JsonProperty("cols") int cols,
                            @JsonProperty("dataflow") Dataflow dataflow) {
    /** Rejects sizes outside the ranges of {@link TiledArray} and a missing dataflow. */
    public SystolicArray {
        Check.within("systolic.rows", rows, 1, TiledArray.MAX_SIDE);
        Check.within("systolic.cols", cols, 1, TiledArray.MAX_SIDE);
        Check.within("systolic.rows × systolic.cols", (long) rows * cols, 1, TiledArray.MAX_PES);
        if (dataflow == null) {
            throw new IllegalArgumentException("systolic.dataflow is required (os, ws or is)");
        }
    }
}
