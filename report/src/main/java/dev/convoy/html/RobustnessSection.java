package dev.convoy.html;

import dev.convoy.chart.Charts;
import dev.convoy.visual.Robustness;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/** Section 6: accuracy under shifts, flips, noise and rotations, fp32 against quantized. */
final class RobustnessSection {
    private RobustnessSection() {
    }

    static String html(List<Robustness.Point> points, int images) {
        StringBuilder b = new StringBuilder("<p class=\"note\">Top-1 on the same ").append(images).append(" test images under the"
                + " changes CNNs are trained with (pooling and weight sharing should make small shifts cheap). A shift of k is the mean"
                + " over moving k pixels left, right, up and down (new pixels take each channel's darkest value); a rotation of a degrees"
                + " the mean of ±a; noise σ is in units of each channel's standard deviation. Disagreement: how often fp32 and"
                + " quantized predict different classes.</p>\n<div class=\"row\">");
        b.append(Html.figure(Charts.svg(curve(points, "shift", "shift (pixels)")), "shifts"));
        b.append(Html.figure(Charts.svg(curve(points, "noise", "Gaussian noise σ (channel standard deviations)")), "noise"));
        b.append(Html.figure(Charts.svg(curve(points, "rotation", "rotation (degrees)")), "rotations"));
        b.append("</div>\n");
        List<List<String>> rows = new ArrayList<>();
        for (Robustness.Point p : points) {
            rows.add(List.of(p.family(), p.family().equals("flip") ? "left-right" : Html.g(p.amount()), Html.pct(p.fp32Top1()),
                    Html.pct(p.quantizedTop1()), Html.pct(p.disagreement())));
        }
        b.append(Html.table(List.of("change", "amount", "fp32 top-1", "quantized top-1", "disagreement"), rows));
        return b.toString();
    }

    private static XYChart curve(List<Robustness.Point> all, String family, String xLabel) {
        List<Robustness.Point> pts = new ArrayList<>();
        all.stream().filter(p -> p.family().equals("shift") && p.amount() == 0).findFirst().ifPresent(pts::add);
        all.stream().filter(p -> p.family().equals(family) && !(family.equals("shift") && p.amount() == 0)).forEach(pts::add);
        double[] x = new double[pts.size()], f = new double[x.length], q = new double[x.length], d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i).family().equals(family) ? pts.get(i).amount() : 0;
            f[i] = 100 * pts.get(i).fp32Top1();
            q[i] = 100 * pts.get(i).quantizedTop1();
            d[i] = 100 * pts.get(i).disagreement();
        }
        XYChart c = Charts.xy("top-1 under " + family, xLabel, "%", 420, 320);
        c.addSeries("fp32 top-1", x, f);
        c.addSeries("quantized top-1", x, q);
        c.addSeries("disagreement", x, d);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        return c;
    }
}
