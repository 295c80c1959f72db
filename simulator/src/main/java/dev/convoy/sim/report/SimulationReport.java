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
 * @param imagesPerS   batch · 1000 / latencyMs
 * @param bitTrue      whether the integer outputs were computed from the simulated tiles and checked
 * @param batch        images the run covers (every cycle and byte is for the whole batch)
 */
public record SimulationReport(String model, String hardware, double clockMhz, List<LayerReport> layers, long totalCycles,
                               double latencyMs, double gops, double imagesPerS, boolean bitTrue, int batch) {
    /**
     * @param model    model name
     * @param hardware hardware name
     * @param clockMhz clock
     * @param layers   per-layer reports
     * @param bitTrue  whether outputs were checked bit-true
     * @return the report with totals
     */
    public static SimulationReport of(String model, String hardware, double clockMhz, List<LayerReport> layers, boolean bitTrue) {
        return of(model, hardware, clockMhz, layers, bitTrue, 1);
    }

    /**
     * @param model    model name
     * @param hardware hardware name
     * @param clockMhz clock
     * @param layers   per-layer reports, each for the whole batch
     * @param bitTrue  whether outputs were checked bit-true
     * @param batch    images per run
     * @return the report with totals
     */
    public static SimulationReport of(String model, String hardware, double clockMhz, List<LayerReport> layers, boolean bitTrue, int batch) {
        long cycles = layers.stream().mapToLong(LayerReport::cycles).sum();
        long macs = layers.stream().mapToLong(LayerReport::macs).sum();
        double ms = cycles / (clockMhz * 1e3);
        return new SimulationReport(model, hardware, clockMhz, List.copyOf(layers), cycles, ms, ms > 0 ? 2.0 * macs / (ms * 1e6) : 0,
                ms > 0 ? batch * 1000 / ms : 0, bitTrue, batch);
    }

    /** @return latency per image, ms (latency of the batch over its images) */
    @com.fasterxml.jackson.annotation.JsonProperty("ms_per_image")
    public double msPerImage() {
        return latencyMs / batch;
    }

    /** @return the per-layer table and totals */
    public String toText() {
        Table t = new Table("layer", "op", "modelled as", "tiling", "cycles", "compute", "stall latency", "stall bandwidth", "MACs", "util %", "DRAM in KiB", "DRAM w KiB",
                "DRAM out KiB", "on-chip KiB", "SRAM rd in", "SRAM rd w", "SRAM wr out", "bound", "ms");
        for (LayerReport l : layers) {
            t.row(l.name(), l.op(), l.model(), l.tiling(), Table.count(l.cycles()), Table.count(l.computeCycles()), Table.count(l.stallLatency()),
                    Table.count(l.stallBandwidth()),
                    Table.count(l.macs()), f(100 * l.utilization(), 1), f(l.dramInputBytes() / 1024.0, 1), f(l.dramWeightBytes() / 1024.0, 1),
                    f(l.dramOutputBytes() / 1024.0, 1), f(l.onChipBytes() / 1024.0, 1), Table.count(l.sramReadsInput()),
                    Table.count(l.sramReadsWeight()), Table.count(l.sramWritesOutput()), l.bound(), f(l.latencyMs(), 4));
        }
        return String.format(Locale.ROOT, "%s on %s (%.0f MHz)%s%s%n", model, hardware, clockMhz, batch > 1 ? ", batch " + batch : "",
                bitTrue ? ", bit-true: outputs equal the integer reference" : "")
                + t.render()
                + String.format(Locale.ROOT, "total %s cycles, %.3f ms%s, %.2f GOP/s, %.1f images/s%n", Table.count(totalCycles), latencyMs,
                batch > 1 ? String.format(Locale.ROOT, " (%.3f ms per image)", latencyMs / batch) : "", gops, imagesPerS);
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
