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
    /** Rejects non-positive sizes and a missing dataflow. */
    public SystolicArray {
        Check.positive("systolic.rows", rows);
        Check.positive("systolic.cols", cols);
        if (dataflow == null) {
            throw new IllegalArgumentException("systolic.dataflow is required (os, ws or is)");
        }
    }
}
