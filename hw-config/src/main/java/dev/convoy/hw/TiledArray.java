package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PE array in the style of Zhang et al. (FPGA 2015) and PipeCNN: {@code lanes} output channels (Tm) ×
 * {@code vector} input channels (Tn) multiply-accumulated per cycle, the inner loops pipelined at II = 1.
 *
 * @param lanes         output channels computed in parallel (Tm bound, PipeCNN LANE_NUM)
 * @param vector        input channels consumed per cycle (Tn bound, PipeCNN VEC_SIZE)
 * @param pipelineDepth stages of the MAC pipeline; a tile costs depth − 1 cycles of fill (P in Zhang's formula)
 * @param poolBesideConv whether a pooling layer that reads a convolution's output runs beside the convolution
 *                      pipeline (PipeCNN's maxPool kernel, fed by a channel from coreConv) and so adds no time of
 *                      its own; optional, default false (pooling is a pass over DRAM)
 */
public record TiledArray(@JsonProperty("lanes") int lanes, @JsonProperty("vector") int vector,
                         @JsonProperty("pipeline_depth") int pipelineDepth, @JsonProperty("pool_beside_conv") Boolean poolBesideConv) {
    /** Most lanes, or vector width, accepted. */
    public static final int MAX_SIDE = 65_536;
    /** Most PEs (lanes × vector) accepted: 2²⁴, so every per-cycle product stays in an int. */
    public static final int MAX_PES = 1 << 24;
    /** Deepest pipeline accepted, stages. */
    public static final int MAX_PIPELINE_DEPTH = 100_000;

    /** Rejects sizes outside the documented ranges. */
    public TiledArray {
        poolBesideConv = Boolean.TRUE.equals(poolBesideConv); // optional: absent means pooling goes over DRAM
        Check.within("pe_array.lanes", lanes, 1, MAX_SIDE);
        Check.within("pe_array.vector", vector, 1, MAX_SIDE);
        Check.within("pe_array.lanes × pe_array.vector", (long) lanes * vector, 1, MAX_PES);
        Check.within("pe_array.pipeline_depth", pipelineDepth, 1, MAX_PIPELINE_DEPTH);
    }

    /**
     * An array whose pooling goes over DRAM.
     *
     * @param lanes         output channels in parallel
     * @param vector        input channels per cycle
     * @param pipelineDepth MAC pipeline stages
     */
    public TiledArray(int lanes, int vector, int pipelineDepth) {
        this(lanes, vector, pipelineDepth, false);
    }

    /** @return multiply-accumulates per cycle, lanes · vector */
    public int macsPerCycle() {
        return lanes * vector;
    }
}
