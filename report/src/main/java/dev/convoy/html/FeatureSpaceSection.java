package dev.convoy.html;

import dev.convoy.chart.Charts;
import dev.convoy.visual.FeatureSpace;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Section 5: t-SNE maps of the penultimate features and nearest neighbours by feature. */
final class FeatureSpaceSection {
    private FeatureSpaceSection() {
    }

    static String html(FeatureSpace s, List<String> classNames, IntFunction<BufferedImage> thumbnail, double seconds) {
        StringBuilder b = new StringBuilder("<p class=\"note\">The ").append(s.dims()).append("-dimensional input of the last layer (")
                .append(Html.esc(s.value())).append(") for ").append(s.labels().length)
                .append(" test images, mapped to 2-D by Barnes-Hut t-SNE (perplexity 30) and coloured by true class. Share of each image's ")
                .append(FeatureSpace.K).append(" nearest neighbours the map keeps: t-SNE ").append(Html.pct(s.fp32Preservation()))
                .append(" (fp32), ").append(Html.pct(s.quantizedPreservation())).append(" (quantized); a random linear projection keeps ")
                .append(Html.pct(s.randomPreservation())).append(". Computed in ").append(Html.f(seconds, 1)).append(" s.</p>\n<div class=\"row\">");
        b.append(Html.figure(Charts.svg(map("fp32 features", s.fp32Map(), s.labels(), classNames)), "fp32"));
        if (s.quantizedMap() != null) {
            b.append(Html.figure(Charts.svg(map("quantized features", s.quantizedMap(), s.labels(), classNames)), "quantized"));
        }
        b.append("</div>\n<h3>Nearest neighbours by feature vector</h3><p class=\"note\">Each row: a query image, then its nearest"
                + " images by Euclidean distance between penultimate features, fp32 then quantized; a red caption marks a neighbour of"
                + " another class.</p>\n");
        StringBuilder t = new StringBuilder("<div class=\"scroll\"><table><tr><th>query</th><th>fp32 neighbours</th>")
                .append(s.quantizedNeighbours() == null ? "" : "<th>quantized neighbours</th>").append("</tr>\n");
        for (int i = 0; i < s.queries().length; i++) {
            int q = s.queries()[i];
            t.append("<tr><td>").append(thumb(q, s, classNames, thumbnail, -1)).append("</td><td>");
            for (int j : s.fp32Neighbours()[i]) {
                t.append(thumb(j, s, classNames, thumbnail, s.labels()[q]));
            }
            t.append("</td>");
            if (s.quantizedNeighbours() != null) {
                t.append("<td>");
                for (int j : s.quantizedNeighbours()[i]) {
                    t.append(thumb(j, s, classNames, thumbnail, s.labels()[q]));
                }
                t.append("</td>");
            }
            t.append("</tr>\n");
        }
        b.append(t).append("</table></div>\n");
        return b.toString();
    }

    private static String thumb(int i, FeatureSpace s, List<String> names, IntFunction<BufferedImage> thumbnail, int queryLabel) {
        String name = name(names, s.labels()[i]);
        boolean other = queryLabel >= 0 && s.labels()[i] != queryLabel;
        return "<figure>" + dev.convoy.chart.Raster.img(thumbnail.apply(i), "image " + i + ": " + name) + "<figcaption"
                + (other ? " style=\"color:#d62728\"" : "") + ">" + Html.esc(name) + "</figcaption></figure>";
    }

    static String name(List<String> names, int label) {
        return label >= 0 && label < names.size() ? names.get(label) : "class " + label;
    }

    private static XYChart map(String title, double[][] y, int[] labels, List<String> names) {
        XYChart c = Charts.xy("t-SNE of " + title, "t-SNE 1", "t-SNE 2", 640, 520);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setYAxisDecimalPattern("0");
        java.util.TreeMap<Integer, java.util.List<double[]>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < y.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new java.util.ArrayList<>()).add(y[i]);
        }
        byClass.forEach((label, pts) -> {
            XYSeries s = c.addSeries(name(names, label), pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return c;
    }
}
