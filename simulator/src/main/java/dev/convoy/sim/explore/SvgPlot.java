package dev.convoy.sim.explore;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Two scatter plots side by side — latency vs PEs and latency vs on-chip KiB — with the Pareto fronts in red. */
public final class SvgPlot {
    private static final int W = 420, H = 320, M = 55;

    private SvgPlot() {
    }

    /**
     * @param title  plot title
     * @param points the designs
     * @return an SVG document
     */
    public static String render(String title, List<DesignPoint> points) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                2 * W, H + 30));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"14\">%s</text>%n", M, esc(title)));
        panel(b, 0, points, DesignPoint::pes, "PEs (MACs per cycle)", true);
        panel(b, W, points, p -> p.onChipBytes() / 1024.0, "on-chip KiB", false);
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, int x0, List<DesignPoint> pts, ToDoubleFunction<DesignPoint> xf, String xlabel, boolean pes) {
        double xmax = pts.stream().mapToDouble(xf).max().orElse(1), ymax = pts.stream().mapToDouble(DesignPoint::latencyMs).max().orElse(1);
        int top = 30, left = x0 + M, w = W - M - 15, h = H - top - 40;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", left, top, w, h));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s (max %.0f)</text>%n", left + w / 2, top + h + 30, xlabel, xmax));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\">latency ms (max %.3f)</text>%n",
                x0 + 15, top + h / 2, x0 + 15, top + h / 2, ymax));
        for (DesignPoint p : pts) {
            boolean front = pes ? p.paretoPes() : p.paretoBytes();
            double cx = left + w * xf.applyAsDouble(p) / xmax, cy = top + h - h * p.latencyMs() / ymax;
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>%dx%d: %.4f ms</title></circle>%n",
                    cx, cy, front ? "3.5" : "2", front ? "#d62728" : "#999", p.lanes(), p.vector(), p.latencyMs()));
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
