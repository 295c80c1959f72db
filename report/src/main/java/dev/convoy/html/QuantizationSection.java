package dev.convoy.html;

import dev.convoy.chart.Charts;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.CalibrationMethod;
import dev.convoy.quant.Histogram;
import dev.convoy.quant.Range;
import dev.convoy.validate.LayerError;
import dev.convoy.validate.LayerSensitivity;
import dev.convoy.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Section 7: per-layer error, activation histograms with every method's range, the sensitivity ranking. */
final class QuantizationSection {
    /** The calibration methods whose ranges are drawn on each histogram. */
    static final List<String> METHODS = List.of("minmax", "percentile:99.99", "kl", "mse");
    private static final int SHOWN_BINS = 160;

    private QuantizationSection() {
    }

    /**
     * One activation's histogram.
     *
     * @param value     the value's name
     * @param histogram its |x| histogram on the calibration images
     * @param format    its format in the quantized model
     * @param bits      the format's width
     */
    record Activation(String value, Histogram histogram, ActQuant format, int bits) {
    }

    static String html(ValidationReport r, List<Activation> activations, List<LayerSensitivity> ranked, String where) {
        StringBuilder b = new StringBuilder("<p class=\"note\">").append(Html.esc(r.quantization())).append(", quantized model on ")
                .append(Html.esc(where)).append(". On ").append(r.images()).append(" test images: fp32 top-1 ").append(Html.pct(r.top1Reference()))
                .append(", quantized ").append(Html.pct(r.top1Quantized())).append(" (drop ").append(Html.f(r.dropPoints(), 2))
                .append(" points), agreement ").append(Html.pct(r.agreement())).append(".");
        if (!r.islands().isEmpty()) {
            b.append(" fp32 islands: ").append(Html.esc(String.join(", ", r.islands().keySet()))).append('.');
        }
        b.append("</p>\n<div class=\"row\">");
        List<LayerError> layers = r.layers();
        List<String> names = new ArrayList<>();
        List<Double> sqnr = new ArrayList<>(), err = new ArrayList<>();
        for (LayerError l : layers) {
            names.add(Html.shortName(l.name(), 28));
            sqnr.add(Double.isInfinite(l.sqnrDb()) ? 200.0 : l.sqnrDb());
            err.add(Double.isFinite(l.maxAbsError()) ? l.maxAbsError() : 0.0);
        }
        if (!names.isEmpty()) {
            CategoryChart s = Charts.bars("SQNR per layer (exact layers drawn at 200 dB)", "layer", "SQNR (dB)", Math.max(560, 18 * names.size()), 380);
            s.addSeries("SQNR", names, sqnr);
            s.getStyler().setLegendVisible(false);
            b.append(Html.figure(Charts.svg(s), "signal to quantization noise of every integer layer's output against fp32"));
            CategoryChart e = Charts.bars("largest |error| per layer", "layer", "max |fp32 − quantized|", Math.max(560, 18 * names.size()), 380);
            e.addSeries("max error", names, err);
            e.getStyler().setLegendVisible(false);
            e.getStyler().setSeriesColors(new java.awt.Color[] {Charts.PALETTE[1]});
            b.append(Html.figure(Charts.svg(e), "largest absolute error of every integer layer's output, in its real units"));
        }
        b.append("</div>\n<h3>Activation histograms</h3><p class=\"note\">|x| of each layer's output over the calibration images"
                + " (log counts), with the clipping point each calibration method would choose and, dashed, the one this model uses.</p>\n"
                + "<div class=\"row\">");
        for (Activation a : activations) {
            b.append(Html.figure(Charts.svg(histogram(a)), a.value()));
        }
        b.append("</div>\n");
        if (ranked != null) {
            b.append("<h3>Sensitivity</h3><p class=\"note\">Each layer quantized alone, the rest fp32: the top-1 it costs and the"
                    + " output SQNR; most sensitive first.</p>\n");
            List<List<String>> rows = new ArrayList<>();
            for (LayerSensitivity l : ranked) {
                rows.add(List.of(l.name(), l.op(), Html.f(l.dropPoints(), 2), Html.pct(l.agreement()), Html.f(l.outputSqnrDb(), 1)));
            }
            b.append(Html.table(List.of("layer", "op", "top-1 drop (points)", "agreement", "output SQNR (dB)"), rows));
        }
        return b.toString();
    }

    private static XYChart histogram(Activation a) {
        Histogram h = a.histogram();
        long[] counts = h.counts();
        int group = Math.max(1, counts.length / SHOWN_BINS);
        int bins = counts.length / group;
        double[] x = new double[bins], y = new double[bins];
        double peak = 0;
        for (int i = 0; i < bins; i++) {
            long c = 0;
            for (int j = i * group; j < (i + 1) * group; j++) {
                c += counts[j];
            }
            x[i] = (i + 0.5) * group * h.binWidth();
            y[i] = Math.log10(1 + c);
            peak = Math.max(peak, y[i]);
        }
        XYChart c = Charts.xy(Html.shortName(a.value(), 28), "|x|", "log10(1 + count)", 460, 300);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        XYSeries s = c.addSeries("|x|", x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new java.awt.Color(0x555555));
        int colour = 0;
        for (String m : METHODS) {
            Range r = CalibrationMethod.parse(m).select(h, a.bits());
            XYSeries v = c.addSeries(m + " " + Html.g(r.absMax()), new double[] {r.absMax(), r.absMax()}, new double[] {0, peak});
            v.setMarker(SeriesMarkers.NONE);
            v.setLineColor(Charts.PALETTE[colour++ % Charts.PALETTE.length]);
        }
        double used = Math.max(Math.abs(a.format().dequantize(a.format().qmin())), Math.abs(a.format().dequantize(a.format().qmax())));
        XYSeries u = c.addSeries("used " + Html.g(used), new double[] {used, used}, new double[] {0, peak});
        u.setMarker(SeriesMarkers.NONE);
        u.setLineColor(java.awt.Color.BLACK);
        u.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    /** @return the activations to draw: those of the given values that have a histogram and an integer format */
    static List<Activation> activations(List<String> values, Map<String, Histogram> histograms, Map<String, ActQuant> formats) {
        List<Activation> out = new ArrayList<>();
        for (String v : values) {
            Histogram h = histograms.get(v);
            ActQuant f = formats.get(v);
            if (h != null && f != null) {
                out.add(new Activation(v, h, f, 32 - Integer.numberOfLeadingZeros(f.qmax() - f.qmin())));
            }
        }
        return out;
    }
}
