package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rows × cols systolic array with a SCALE-Sim dataflow.
 *
 * @param rows               PE rows
 * @param cols               PE columns
 * @param dataflow           os, ws or is
 * @param interfaceBandwidth words per cycle each SRAM moves to or from DRAM (SCALE-Sim's {@code InterfaceBandwidth:
 *                           USER} with {@code Bandwidth}), or null for SCALE-Sim's stall-free CALC mode
 */
public record SystolicArray(@JsonProperty("rows") int rows, @JsonProperty("cols") int cols,
                            @JsonProperty("dataflow") Dataflow dataflow,
                            @JsonProperty("interface_bandwidth") @JsonInclude(JsonInclude.Include.NON_NULL) Integer interfaceBandwidth) {
    /** Widest interface accepted, words per cycle. */
    public static final int MAX_INTERFACE_BANDWIDTH = 1 << 16;

    /** Rejects sizes outside the ranges of {@link TiledArray}, a missing dataflow and a bandwidth below one word. */
    public SystolicArray {
        Check.within("systolic.rows", rows, 1, TiledArray.MAX_SIDE);
        Check.within("systolic.cols", cols, 1, TiledArray.MAX_SIDE);
        Check.within("systolic.rows × systolic.cols", (long) rows * cols, 1, TiledArray.MAX_PES);
        if (dataflow == null) {
            throw new IllegalArgumentException("systolic.dataflow is required (os, ws or is)");
        }
        if (interfaceBandwidth != null) {
            Check.within("systolic.interface_bandwidth", interfaceBandwidth, 1, MAX_INTERFACE_BANDWIDTH);
        }
    }

    /**
     * A stall-free (CALC mode) array.
     *
     * @param rows     PE rows
     * @param cols     PE columns
     * @param dataflow os, ws or is
     */
    public SystolicArray(int rows, int cols, Dataflow dataflow) {
        this(rows, cols, dataflow, null);
    }

    /** @return whether the SRAMs' DRAM interfaces are modelled (SCALE-Sim's user-bandwidth mode) */
    public boolean bandwidthLimited() {
        return interfaceBandwidth != null;
    }

    /**
     * @param wordsPerCycle words per cycle on each SRAM's DRAM interface
     * @return this array in SCALE-Sim's user-bandwidth mode
     */
    public SystolicArray withInterfaceBandwidth(int wordsPerCycle) {
        return new SystolicArray(rows, cols, dataflow, wordsPerCycle);
    }
}
