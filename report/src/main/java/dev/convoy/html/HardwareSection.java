package dev.convoy.html;

import dev.convoy.chart.Charts;
import dev.convoy.chart.ParetoCharts;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.sim.explore.DesignPoint;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Section 8: the board's roofline with every layer on it, cycles by cause, utilisation, DRAM traffic, explore's fronts. */
final class HardwareSection {
    private HardwareSection() {
    }

    static String html(SimulationReport r, HardwareConfig hw, List<DesignPoint> designs, String model) {
        StringBuilder b = new StringBuilder("<p class=\"note\">").append(Html.esc(model)).append(" on ").append(Html.esc(hw.name()))
                .append(" (").append(Html.f(hw.clockMhz(), 0)).append(" MHz, ").append(hw.peakMacsPerCycle()).append(" MACs per cycle = ")
                .append(Html.f(hw.peakGops(), 1)).append(" GOP/s peak, DRAM ").append(Html.g(hw.dram().bandwidthGBs()))
                .append(" GB/s): ").append(ModelSection.count(r.totalCycles())).append(" cycles, ").append(Html.f(r.latencyMs(), 3))
                .append(" ms per image, ").append(Html.f(r.gops(), 2)).append(" GOP/s. Every layer is costed: convolutions and"
                + " fully-connected layers on the array, the rest as passes over DRAM (or beside the convolution pipeline, where the"
                + " board pools so); bars below show the layers that take time.</p>\n<div class=\"row\">");
        List<LayerReport> layers = r.layers().stream().filter(l -> l.cycles() > 0).toList();
        if (!layers.isEmpty()) {
            b.append(Html.figure(Charts.svg(roofline(layers, hw)), "each layer's attained throughput against its operational intensity"));
            List<String> names = layers.stream().map(l -> Html.shortName(l.name(), 24)).toList();
            int w = Math.max(560, 22 * names.size());
            CategoryChart cyc = Charts.bars("cycles per layer by cause", "layer", "cycles", w, 400);
            cyc.getStyler().setStacked(true);
            cyc.addSeries("compute", names, layers.stream().map(l -> (Number) l.computeCycles()).toList());
            cyc.addSeries("stall: DRAM latency", names, layers.stream().map(l -> (Number) l.stallLatency()).toList());
            cyc.addSeries("stall: DRAM bandwidth", names, layers.stream().map(l -> (Number) l.stallBandwidth()).toList());
            b.append(Html.figure(Charts.svg(cyc), "compute cycles and the cycles the array waits, by cause"));
            CategoryChart util = Charts.bars("PE utilisation per layer", "layer", "utilisation (%)", w, 360);
            util.addSeries("utilisation", names, layers.stream().map(l -> (Number) (100 * l.utilization())).toList());
            util.getStyler().setLegendVisible(false);
            util.getStyler().setYAxisMax(100.0);
            b.append(Html.figure(Charts.svg(util), "MACs over cycles × peak MACs per cycle"));
            CategoryChart dram = Charts.bars("DRAM traffic per layer", "layer", "KiB", w, 400);
            dram.getStyler().setStacked(true);
            dram.addSeries("inputs", names, layers.stream().map(l -> (Number) (l.dramInputBytes() / 1024.0)).toList());
            dram.addSeries("weights", names, layers.stream().map(l -> (Number) (l.dramWeightBytes() / 1024.0)).toList());
            dram.addSeries("outputs", names, layers.stream().map(l -> (Number) (l.dramOutputBytes() / 1024.0)).toList());
            b.append(Html.figure(Charts.svg(dram), "bytes read and written off chip"));
        }
        b.append("</div>\n");
        if (designs != null && !designs.isEmpty()) {
            b.append("<h3>Design space</h3><p class=\"note\">").append(designs.size()).append(" designs of lanes × vector width"
                    + " (explore's sweep); the Pareto-optimal ones joined in red and labelled.</p>\n<div class=\"row\">");
            for (XYChart c : ParetoCharts.charts(hw.name(), designs)) {
                b.append(Html.figure(Charts.svg(c), ""));
            }
            b.append("</div>\n");
        } else if (hw.peArray() == null) {
            b.append("<p class=\"note\">The design-space sweep varies a tiled array's lanes and vector width; this is a systolic array.</p>\n");
        }
        return b.toString();
    }

    private static XYChart roofline(List<LayerReport> layers, HardwareConfig hw) {
        XYChart c = Charts.xy("roofline of " + hw.name(), "operational intensity (operations per DRAM byte, log)",
                "attained GOP/s (log)", 620, 440);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        List<Double> ox = new ArrayList<>(), oy = new ArrayList<>();
        for (LayerReport l : layers) {
            if (l.dramBytes() > 0 && l.latencyMs() > 0 && l.macs() > 0) {
                ox.add(2.0 * l.macs() / l.dramBytes());
                oy.add(2.0 * l.macs() / (l.latencyMs() * 1e6));
            }
        }
        double lo = ox.stream().mapToDouble(Double::doubleValue).min().orElse(1) / 2, hi = ox.stream().mapToDouble(Double::doubleValue).max().orElse(100) * 2;
        double knee = hw.peakGops() / hw.dram().bandwidthGBs();
        lo = Math.min(lo, knee / 4);
        hi = Math.max(hi, knee * 4);
        XYSeries roof = c.addSeries("roof: min(peak, bandwidth × intensity)", new double[] {lo, knee, hi},
                new double[] {hw.dram().bandwidthGBs() * lo, hw.peakGops(), hw.peakGops()});
        roof.setMarker(SeriesMarkers.NONE);
        roof.setLineColor(java.awt.Color.BLACK);
        if (!ox.isEmpty()) {
            XYSeries pts = c.addSeries("layers", ox.stream().mapToDouble(Double::doubleValue).toArray(), oy.stream().mapToDouble(Double::doubleValue).toArray());
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.CIRCLE);
            pts.setMarkerColor(Charts.PALETTE[1]);
            int k = 0;
            for (LayerReport l : layers) {
                if (l.dramBytes() > 0 && l.latencyMs() > 0 && l.macs() > 0 && k < 12) {
                    c.addAnnotation(new AnnotationText(Html.shortName(l.name(), 24), ox.get(k), oy.get(k) * 1.15, false));
                }
                k += l.dramBytes() > 0 && l.latencyMs() > 0 && l.macs() > 0 ? 1 : 0;
            }
        }
        return c;
    }
}
