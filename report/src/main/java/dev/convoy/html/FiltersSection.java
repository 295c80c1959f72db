package dev.convoy.html;

import dev.convoy.chart.Charts;
import dev.convoy.chart.Colormap;
import dev.convoy.chart.Raster;
import dev.convoy.visual.Filters;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/** Section 2: the kernels as pictures, fp32 beside quantized, and the per-channel weight scales. */
final class FiltersSection {
    private static final int MAX_GRID = 16;

    private FiltersSection() {
    }

    static String html(List<Filters.Layer> layers) {
        if (layers.isEmpty()) {
            return "<p class=\"note\">The model has no 2-D convolution.</p>\n";
        }
        StringBuilder b = new StringBuilder("<p class=\"note\">Filters are learned templates: the first layer's kernels show what"
                + " each channel responds to. Blue is negative, red positive, white zero, on one scale per layer for both sides;"
                + " the quantized kernels are the integer weights times their channel's scale.</p>\n");
        for (int li = 0; li < layers.size(); li++) {
            Filters.Layer l = layers.get(li);
            double a = l.absMax();
            b.append("<h3>").append(Html.esc(l.node())).append(" — ").append(l.outChannels()).append(" kernels of ").append(l.inChannels())
                    .append("×").append(l.kernelH()).append("×").append(l.kernelW()).append(" (±").append(Html.g(a)).append(")</h3>\n<div class=\"row\">");
            boolean rgb = li == 0 && l.inChannels() == 3;
            b.append(Html.figure(Raster.img(grid(l, l.fp32(), a, rgb), "fp32 kernels of " + l.node()), "fp32"
                    + (rgb ? " (RGB: each kernel's three input channels as colour)" : li == 0 ? "" : ": rows are output channels, columns input channels (first "
                    + Math.min(MAX_GRID, l.outChannels()) + "×" + Math.min(MAX_GRID, l.inChannels()) + ")")));
            if (l.quantized() != null) {
                b.append(Html.figure(Raster.img(grid(l, l.quantized(), a, rgb), "quantized kernels of " + l.node()), "quantized"));
                b.append(Html.figure(Charts.svg(scales(l)), "The real value of one integer weight step, per output channel."));
            } else {
                b.append("<p class=\"note\">This layer is an fp32 island in the quantized model.</p>");
            }
            b.append("</div>\n");
        }
        return b.toString();
    }

    private static BufferedImage grid(Filters.Layer l, float[] w, double absMax, boolean rgb) {
        int taps = l.inChannels() * l.kernelH() * l.kernelW(), area = l.kernelH() * l.kernelW();
        int scale = Raster.scaleFor(l.kernelH(), l.kernelW(), 40);
        List<BufferedImage> tiles = new ArrayList<>();
        if (rgb) {
            for (int m = 0; m < l.outChannels(); m++) {
                tiles.add(Raster.image(w, m * taps, 3, l.kernelH(), l.kernelW(), scale, -absMax, absMax));
            }
            return Raster.grid(tiles, 16, 2);
        }
        int outs = Math.min(MAX_GRID, l.outChannels()), ins = Math.min(MAX_GRID, l.inChannels());
        boolean first = ins == 1;
        for (int m = 0; m < (first ? l.outChannels() : outs); m++) {
            for (int c = 0; c < ins; c++) {
                tiles.add(Raster.map(w, m * taps + c * area, l.kernelH(), l.kernelW(), -absMax, absMax, Colormap.DIVERGING, scale));
            }
        }
        return Raster.grid(tiles, first ? 16 : ins, 2);
    }

    private static XYChart scales(Filters.Layer l) {
        XYChart c = Charts.xy("weight scale per channel", "output channel", "scale (real units per step)", 420, 260);
        double[] x = new double[l.scales().length], y = new double[l.scales().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = l.scales()[i];
        }
        c.addSeries(l.node(), x, y);
        c.getStyler().setLegendVisible(false);
        return c;
    }
}
