package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An accelerator as the scheduler and simulator see it: clock, compute array (a tiled PE array or a
 * systolic array), on-chip buffers, off-chip memory and word size. Immutable; every field checked when
 * built.
 *
 * @param name      preset or board name
 * @param kind      fpga, gpu, cpu or systolic (informative; the array decides the cost model)
 * @param clockMhz  clock, MHz
 * @param wordBytes bytes per data word moved and stored (4 for float32, 1 for int8, 2 for int16)
 * @param peArray   a tiled PE array, or null for a systolic target
 * @param systolic  a systolic array, or null for a tiled target
 * @param buffers   on-chip buffers
 * @param dram      off-chip memory
 * @param source    where the figures come from (paper, datasheet), with unknowns marked
 */
public record HardwareConfig(@JsonProperty("name") String name, @JsonProperty("kind") String kind,
                             @JsonProperty("clock_mhz") double clockMhz, @JsonProperty("word_bytes") int wordBytes,
                             @JsonProperty("pe_array") TiledArray peArray, @JsonProperty("systolic") SystolicArray systolic,
                             @JsonProperty("buffers") Buffers buffers, @JsonProperty("dram") Dram dram,
                             @JsonProperty("source") String source) {
    /** Slowest clock accepted, MHz. */
    public static final double MIN_CLOCK_MHZ = 1;
    /** Fastest clock accepted, MHz; more looks like Hz or kHz given as MHz. */
    public static final double MAX_CLOCK_MHZ = 10_000;

    /** Checks the fields and their combination. */
    public HardwareConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (kind == null || !java.util.Set.of("fpga", "gpu", "cpu", "systolic", "asic").contains(kind)) {
            throw new IllegalArgumentException("kind must be one of fpga, gpu, cpu, systolic, asic; got " + kind);
        }
        if (!(clockMhz > 0)) {
            throw new IllegalArgumentException("clock_mhz must be positive, got " + clockMhz);
        }
        if (clockMhz > MAX_CLOCK_MHZ) {
            throw new IllegalArgumentException("clock_mhz " + clockMhz + " looks like Hz or kHz; give MHz");
        }
        Check.within("clock_mhz", clockMhz, MIN_CLOCK_MHZ, MAX_CLOCK_MHZ, " MHz");
        if (wordBytes != 1 && wordBytes != 2 && wordBytes != 4) {
            throw new IllegalArgumentException("word_bytes must be 1, 2 or 4, got " + wordBytes);
        }
        if ((peArray == null) == (systolic == null)) {
            throw new IllegalArgumentException("give exactly one of pe_array (tiled) and systolic");
        }
        if (buffers == null) {
            throw new IllegalArgumentException("buffers is required");
        }
        if (dram == null) {
            throw new IllegalArgumentException("dram is required");
        }
        if (peArray != null) {
            // the smallest legal tile: one lanes × vector weight block of a 1×1 kernel and one pixel each
            long minWeights = (long) peArray.lanes() * peArray.vector() * wordBytes;
            if (buffers.usable(buffers.weightBytes()) < minWeights) {
                throw new IllegalArgumentException("buffers.weight_bytes " + buffers.weightBytes() + " cannot hold the smallest tile ("
                        + minWeights + " bytes for " + peArray.lanes() + "×" + peArray.vector() + " weights"
                        + (buffers.doubleBuffered() ? ", double-buffered" : "") + ")");
            }
        }
    }

    /** @return peak multiply-accumulates per cycle */
    public long peakMacsPerCycle() {
        return peArray != null ? peArray.macsPerCycle() : (long) systolic.rows() * systolic.cols();
    }

    /** @return peak throughput in GOP/s (one MAC = 2 operations) */
    public double peakGops() {
        return 2.0 * peakMacsPerCycle() * clockMhz / 1000;
    }
}
