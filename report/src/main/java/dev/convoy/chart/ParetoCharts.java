package dev.convoy.chart;

import dev.convoy.sim.explore.DesignPoint;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code explore}'s two plots — latency against PEs and against on-chip bytes — with log axes (designs span
 * decades), every design in grey, the Pareto front joined in red and each front design labelled lanes×vector.
 */
public final class ParetoCharts {
    /** Width of one plot, pixels. */
    public static final int WIDTH = 560;
    /** Height of one plot, pixels. */
    public static final int HEIGHT = 420;

    private ParetoCharts() {
    }

    /**
     * @param title  what was explored
     * @param points the designs
     * @return the latency-vs-PEs plot and the latency-vs-on-chip-KiB plot
     */
    public static List<XYChart> charts(String title, List<DesignPoint> points) {
        return List.of(chart(title + ": latency vs PEs", "PEs (MACs per cycle, log)", points, DesignPoint::pes, DesignPoint::paretoPes),
                chart(title + ": latency vs on-chip memory", "on-chip KiB (largest layer's tiles, log)", points,
                        p -> p.onChipBytes() / 1024.0, DesignPoint::paretoBytes));
    }

    /**
     * @param title  what was explored
     * @param points the designs
     * @return both plots side by side in one SVG document
     */
    public static String svgFile(String title, List<DesignPoint> points) {
        List<XYChart> c = charts(title, points);
        return Charts.sideBySide(WIDTH, HEIGHT, Charts.svg(c.get(0)), Charts.svg(c.get(1)));
    }

    private static XYChart chart(String title, String xLabel, List<DesignPoint> points, ToDoubleFunction<DesignPoint> x,
                                 java.util.function.Predicate<DesignPoint> front) {
        XYChart c = Charts.xy(title, xLabel, "latency (ms, log)", WIDTH, HEIGHT);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        // ticks between the decades too: a sweep often spans less than one
        c.getStyler().setXAxisLogarithmicDecadeOnly(false);
        c.getStyler().setYAxisLogarithmicDecadeOnly(false);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries all = c.addSeries("all designs (" + points.size() + ")", points.stream().mapToDouble(x).toArray(),
                points.stream().mapToDouble(DesignPoint::latencyMs).toArray());
        all.setMarkerColor(new java.awt.Color(0x999999));
        all.setMarker(SeriesMarkers.CIRCLE);
        List<DesignPoint> f = points.stream().filter(front).sorted(Comparator.comparingDouble(x).thenComparingInt(DesignPoint::pes)).toList();
        if (!f.isEmpty()) {
            XYSeries s = c.addSeries("Pareto front (" + f.size() + ")", f.stream().mapToDouble(x).toArray(),
                    f.stream().mapToDouble(DesignPoint::latencyMs).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(Charts.PALETTE[1]);
            s.setMarkerColor(Charts.PALETTE[1]);
            s.setMarker(SeriesMarkers.DIAMOND);
            // one label per distinct point (designs tied on cost and latency share it: the fewest PEs named), none
            // crowding the last one drawn
            double lastX = Double.NaN, lastY = Double.NaN;
            for (DesignPoint p : f) {
                double px = x.applyAsDouble(p), py = p.latencyMs();
                if (!Double.isNaN(lastX) && Math.abs(Math.log(px / lastX)) < 0.08 && Math.abs(Math.log(py / lastY)) < 0.08) {
                    continue;
                }
                c.addAnnotation(new AnnotationText(p.lanes() + "×" + p.vector(), px, py * 1.08, false));
                lastX = px;
                lastY = py;
            }
        }
        return c;
    }
}
