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
    /** Rejects non-positive or implausible values. */
    public Dram {
        if (!(bandwidthGBs > 0)) {
            throw new IllegalArgumentException("dram.bandwidth_gb_s must be positive, got " + bandwidthGBs);
        }
        if (bandwidthGBs > 100_000) {
            throw new IllegalArgumentException("dram.bandwidth_gb_s " + bandwidthGBs + " looks like MB/s or bit/s; give GB/s");
        }
        if (latencyCycles < 0) {
            throw new IllegalArgumentException("dram.latency_cycles must be ≥ 0, got " + latencyCycles);
        }
        Check.positive("dram.burst_bytes", burstBytes);
    }

    /**
     * @param clockMhz accelerator clock, MHz
     * @return bytes per accelerator cycle
     */
    public double bytesPerCycle(double clockMhz) {
        return bandwidthGBs * 1e9 / (clockMhz * 1e6);
    }
}
