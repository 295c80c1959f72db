package dev.convoy.sim.report;

/**
 * One layer's simulated cost.
 *
 * @param name              layer name
 * @param op                what the layer came from
 * @param tiling            tile sizes (tiled) or array mapping (systolic)
 * @param cycles            total cycles, stalls included
 * @param computeCycles     cycles the array computes (Zhang's formula, or SCALE-Sim's stall-free count)
 * @param stallCycles       cycles the array waits (cycles − computeCycles), all causes
 * @param stallLatency      of those, cycles waiting for DRAM access latency
 * @param stallBandwidth    of those, cycles waiting for DRAM bandwidth (transfers longer than the compute they overlap)
 * @param macs              multiply-accumulates
 * @param utilization       macs / (cycles · peak MACs per cycle), in [0, 1]
 * @param dramInputBytes    input feature-map bytes read off chip
 * @param dramWeightBytes   weight bytes read off chip
 * @param dramOutputBytes   output bytes written off chip
 * @param onChipBytes       on-chip bytes one tile set occupies (input + weight + output, doubled when double-buffered)
 * @param sramReadsInput    systolic: IFMAP SRAM reads (words); tiled: input words read from on-chip buffers
 * @param sramReadsWeight   systolic: FILTER SRAM reads (words)
 * @param sramWritesOutput  systolic: OFMAP SRAM writes (words)
 * @param bound             compute or memory
 * @param latencyMs         cycles at the board clock, milliseconds
 * @param model             how the layer is modelled: tiled array (Zhang'15 loop nest), fully-connected weight streaming,
 *                          systolic (SCALE-Sim), DRAM pass, beside the conv pipeline, view (nothing moved), host (fp32 island)
 */
public record LayerReport(String name, String op, String tiling, long cycles, long computeCycles, long stallCycles, long stallLatency,
                          long stallBandwidth, long macs,
                          double utilization, long dramInputBytes, long dramWeightBytes, long dramOutputBytes, long onChipBytes,
                          long sramReadsInput, long sramReadsWeight, long sramWritesOutput, String bound, double latencyMs, String model) {
    /** @return all off-chip bytes */
    @com.fasterxml.jackson.annotation.JsonProperty("dram_bytes")
    public long dramBytes() {
        return dramInputBytes + dramWeightBytes + dramOutputBytes;
    }
}
