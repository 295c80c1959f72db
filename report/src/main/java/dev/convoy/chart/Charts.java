package dev.convoy.chart;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Builds XChart charts in one house style and renders them as SVG text to inline in a page. Sizes are in CSS
 * pixels.
 */
public final class Charts {
    /** The series colours, in order: fp32 first, quantized second (the report keeps that pairing everywhere). */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private Charts() {
    }

    /**
     * @param title  chart title
     * @param xLabel x axis title, with units
     * @param yLabel y axis title, with units
     * @param width  pixels
     * @param height pixels
     * @return an empty line/scatter chart with axes, ticks and a legend
     */
    public static XYChart xy(String title, String xLabel, String yLabel, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setMarkerSize(6);
        return c;
    }

    /**
     * @param title  chart title
     * @param xLabel category axis title
     * @param yLabel value axis title, with units
     * @param width  pixels
     * @param height pixels
     * @return an empty bar chart with axes, ticks and a legend
     */
    public static CategoryChart bars(String title, String xLabel, String yLabel, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisLabelRotation(60);
        c.getStyler().setAvailableSpaceFill(0.8);
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setSeriesColors(PALETTE);
        s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setChartTitleBoxVisible(false);
        s.setLegendBorderColor(Color.WHITE);
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            a.setPlotGridLinesColor(new Color(0xdddddd));
            a.setPlotBorderColor(new Color(0x888888));
        }
    }

    /**
     * @param chart a chart
     * @return its SVG element (no XML prolog or doctype), ready to inline in HTML or nest in another SVG
     */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int start = text.indexOf("<svg");
        if (start < 0) {
            throw new IllegalStateException("XChart wrote no SVG element");
        }
        // XChart draws its text as glyph outlines: the label says in words what the picture shows (screen readers, search)
        return "<svg role=\"img\" aria-label=\"" + describe(chart).replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\""
                + text.substring(start + 4);
    }

    /**
     * @param chart a chart
     * @return its title, axis titles and series names in words
     */
    public static String describe(Chart<?, ?> chart) {
        StringBuilder b = new StringBuilder(chart.getTitle());
        b.append("; x axis: ").append(chart.getXAxisTitle()).append("; y axis: ").append(chart.getYAxisTitle()).append("; series: ");
        b.append(String.join(", ", chart.getSeriesMap().keySet()));
        return b.toString();
    }

    /**
     * Places SVG documents side by side in one SVG (for a file holding several charts).
     *
     * @param width  each part's width, pixels
     * @param height the height, pixels
     * @param parts  SVG elements from {@link #svg}
     * @return one SVG document with its XML prolog
     */
    public static String sideBySide(int width, int height, String... parts) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"")
                .append(width * parts.length).append("\" height=\"").append(height).append("\">\n");
        for (int i = 0; i < parts.length; i++) {
            b.append("<g transform=\"translate(").append(i * width).append(" 0)\">\n").append(parts[i]).append("</g>\n");
        }
        return b.append("</svg>\n").toString();
    }
}
