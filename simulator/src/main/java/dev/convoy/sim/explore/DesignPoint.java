package dev.convoy.sim.explore;

/**
 * One simulated design.
 *
 * @param lanes        PE lanes (Tm bound)
 * @param vector       PE vector width (Tn bound)
 * @param pes          lanes · vector, MACs per cycle
 * @param onChipBytes  the largest on-chip footprint any layer's tiles need, bytes
 * @param cycles       total cycles
 * @param latencyMs    latency at the clock, ms
 * @param paretoPes    on the latency-vs-PEs Pareto front
 * @param paretoBytes  on the latency-vs-on-chip-bytes Pareto front
 */
public record DesignPoint(int lanes, int vector, int pes, long onChipBytes, long cycles, double latencyMs, boolean paretoPes,
                          boolean paretoBytes) {
}
