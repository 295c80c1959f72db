package dev.convoy.sim.report;

import dev.convoy.report.Table;
import java.util.List;
import java.util.Locale;

/**
 * A network's simulated cost on one hardware configuration.
 *
 * @param model        model name
 * @param hardware     hardware name
 * @param clockMhz     clock, MHz
 * @param layers       per-layer reports
 * @param totalCycles  sum of layer cycles (layers run one after another)
 * @param latencyMs    totalCycles at the clock, ms
 * @param gops         2·MACs / latency, GOP/s
 * @param imagesPerS   1000 / latencyMs (batch 1)
 * @param bitTrue      whether the integer outputs were computed from the simulated tiles and checked
 */
public record SimulationReport(String model, String hardware, double clockMhz, List<LayerReport> layers, long totalCycles,
                               double latencyMs, double gops, double imagesPerS, boolean bitTrue) {
    /**
     * @param model    model name
     * @param hardware hardware name
     * @param clockMhz clock
     * @param layers   per-layer reports
     * @param bitTrue  whether outputs were checked bit-true
     * @return the report with totals
     */
    public static SimulationReport of(String model, String hardware, double clockMhz, List<LayerReport> layers, boolean bitTrue) {
        long cycles = layers.stream().mapToLong(LayerReport::cycles).sum();
        long macs = layers.stream().mapToLong(LayerReport::macs).sum();
        double ms = cycles / (clockMhz * 1e3);
        return new SimulationReport(model, hardware, clockMhz, List.copyOf(layers), cycles, ms, ms > 0 ? 2.0 * macs / (ms * 1e6) : 0,
                ms > 0 ? 1000 / ms : 0, bitTrue);
    }

    /** @return the per-layer table and totals */
    public String toText() {
        Table t = new Table("layer", "op", "tiling", "cycles", "compute", "stall latency", "stall bandwidth", "MACs", "util %", "DRAM in KiB", "DRAM w KiB",
                "DRAM out KiB", "on-chip KiB", "SRAM rd in", "SRAM rd w", "SRAM wr out", "bound", "ms");
        for (LayerReport l : layers) {
            t.row(l.name(), l.op(), l.tiling(), Table.count(l.cycles()), Table.count(l.computeCycles()), Table.count(l.stallLatency()),
                    Table.count(l.stallBandwidth()),
                    Table.count(l.macs()), f(100 * l.utilization(), 1), f(l.dramInputBytes() / 1024.0, 1), f(l.dramWeightBytes() / 1024.0, 1),
                    f(l.dramOutputBytes() / 1024.0, 1), f(l.onChipBytes() / 1024.0, 1), Table.count(l.sramReadsInput()),
                    Table.count(l.sramReadsWeight()), Table.count(l.sramWritesOutput()), l.bound(), f(l.latencyMs(), 4));
        }
        return String.format(Locale.ROOT, "%s on %s (%.0f MHz)%s%n", model, hardware, clockMhz, bitTrue ? ", bit-true: outputs equal the integer reference" : "")
                + t.render()
                + String.format(Locale.ROOT, "total %s cycles, %.3f ms, %.2f GOP/s, %.1f images/s%n", Table.count(totalCycles), latencyMs, gops, imagesPerS);
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
