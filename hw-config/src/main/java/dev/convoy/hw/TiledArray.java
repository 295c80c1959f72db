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
    /** Rejects non-positive sizes. */
    public TiledArray {
        Check.positive("pe_array.lanes", lanes);
        Check.positive("pe_array.vector", vector);
        Check.positive("pe_array.pipeline_depth", pipelineDepth);
    }

    /** @return multiply-accumulates per cycle, lanes · vector */
    public int macsPerCycle() {
        return lanes * vector;
    }
}
