package dev.convoy.hw;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The off-chip memory system.
 *
 * @param bandwidthGBs  sustained bandwidth, GB/s (10^9 bytes per second)
 * @param latencyCycles cycles from a request to its first data, at the accelerator clock
 * @param burstBytes    transfer granularity, bytes: transfers are rounded up to whole bursts
 */
public record Dram(@JsonProperty("bandwidth_gb_s") double bandwidthGBs, @JsonProperty("latency_cycles") int latencyCycles,
                   @JsonProperty("burst_bytes") int burstBytes) {
    /** Slowest memory accepted, GB/s (1 MB/s). */
    public static final double MIN_BANDWIDTH_GB_S = 0.001;
    /** Fastest memory accepted, GB/s; more looks like MB/s or bit/s given as GB/s. */
    public static final double MAX_BANDWIDTH_GB_S = 100_000;
    /** Longest latency accepted, cycles. */
    public static final int MAX_LATENCY_CYCLES = 10_000_000;
    /** Largest burst accepted, bytes (1 MiB). */
    public static final int MAX_BURST_BYTES = 1 << 20;

    /** Rejects values outside the documented ranges. */
    public Dram {
        if (!(bandwidthGBs > 0)) {
            throw new IllegalArgumentException("dram.bandwidth_gb_s must be positive, got " + bandwidthGBs);
        }
        if (bandwidthGBs > MAX_BANDWIDTH_GB_S) {
            throw new IllegalArgumentException("dram.bandwidth_gb_s " + bandwidthGBs + " looks like MB/s or bit/s; give GB/s");
        }
        Check.within("dram.bandwidth_gb_s", bandwidthGBs, MIN_BANDWIDTH_GB_S, MAX_BANDWIDTH_GB_S, " GB/s");
        Check.within("dram.latency_cycles", latencyCycles, 0, MAX_LATENCY_CYCLES);
        Check.within("dram.burst_bytes", burstBytes, 1, MAX_BURST_BYTES);
    }

    /**
     * @param clockMhz accelerator clock, MHz
     * @return bytes per accelerator cycle
     */
    public double bytesPerCycle(double clockMhz) {
        return bandwidthGBs * 1e9 / (clockMhz * 1e6);
    }
}
