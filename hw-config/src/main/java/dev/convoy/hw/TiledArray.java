package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PE array in the style of Zhang et al. (FPGA 2015) and PipeCNN: {@code lanes} output channels (Tm) ×
 * {@code vector} input channels (Tn) multiply-accumulated per cycle, the inner loops pipelined at II = 1.
 *
 * @param lanes         output channels computed in parallel (Tm bound, PipeCNN LANE_NUM)
 * @param vector        input channels consumed per cycle (Tn bound, PipeCNN VEC_SIZE)
 * @param pipelineDepth stages of the MAC pipeline; a tile costs depth − 1 cycles of fill (P in Zhang's formula)
 */
public record TiledArray(@JsonProperty("lanes") int lanes, @JsonProperty("vector") int vector,
                         @JsonProperty("pipeline_depth") int pipelineDepth) {
    /** Most lanes, or vector width, accepted. */
    public static final int MAX_SIDE = 65_536;
    /** Most PEs (lanes × vector) accepted: 2²⁴, so every per-cycle product stays in an int. */
    public static final int MAX_PES = 1 << 24;
    /** Deepest pipeline accepted, stages. */
    public static final int MAX_PIPELINE_DEPTH = 100_000;

    /** Rejects sizes outside the documented ranges. */
    public TiledArray {
        Check.within("pe_array.lanes", lanes, 1, MAX_SIDE);
        Check.within("pe_array.vector", vector, 1, MAX_SIDE);
        Check.within("pe_array.lanes × pe_array.vector", (long) lanes * vector, 1, MAX_PES);
        Check.within("pe_array.pipeline_depth", pipelineDepth, 1, MAX_PIPELINE_DEPTH);
    }

    /** @return multiply-accumulates per cycle, lanes · vector */
    public int macsPerCycle() {
        return lanes * vector;
    }
}
