package dev.convoy.html;

import dev.convoy.chart.Colormap;
import dev.convoy.chart.Raster;
import dev.convoy.visual.FeatureMaps;
import dev.convoy.visual.Planes;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Section 3: one image's feature maps at every convolution and pooling layer: fp32, quantized, difference. */
final class FeatureMapsSection {
    private FeatureMapsSection() {
    }

    static String html(int index, String labelName, BufferedImage input, List<FeatureMaps.Layer> layers) {
        StringBuilder b = new StringBuilder("<p class=\"note\">Where each filter responds on test image ").append(index).append(" (")
                .append(Html.esc(labelName)).append("). fp32 and quantized maps share one viridis scale per layer (its range in the"
                + " caption); the difference, fp32 − quantized, is on its own blue-white-red scale of ± its largest value.</p>\n");
        b.append(Html.figure(Raster.img(input, "input image"), "input"));
        for (FeatureMaps.Layer l : layers) {
            Planes p = l.planes();
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (float v : l.fp32()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (l.quantized() != null) {
                for (float v : l.quantized()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            int scale = Raster.scaleFor(p.height(), p.width(), 84);
            int cols = p.height() == 1 ? 1 : 8;
            b.append("<h3>").append(Html.esc(l.node())).append(" — ").append(Html.esc(l.op())).append(", ").append(p.channels())
                    .append(" maps of ").append(p.height()).append("×").append(p.width());
            if (l.shown() < p.channels()) {
                b.append(" (first ").append(l.shown()).append(" shown)");
            }
            b.append("</h3>\n<div class=\"row\">");
            b.append(Html.figure(Raster.img(grid(l.fp32(), l.shown(), p, lo, hi, Colormap.VIRIDIS, scale, cols), "fp32 " + l.node()),
                    "fp32, " + Html.g(lo) + " … " + Html.g(hi)));
            if (l.quantized() != null) {
                b.append(Html.figure(Raster.img(grid(l.quantized(), l.shown(), p, lo, hi, Colormap.VIRIDIS, scale, cols), "quantized " + l.node()),
                        "quantized"));
                float[] d = new float[l.fp32().length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = l.fp32()[i] - l.quantized()[i];
                }
                double m = Math.max(l.maxDifference(), 1e-12);
                b.append(Html.figure(Raster.img(grid(d, l.shown(), p, -m, m, Colormap.DIVERGING, scale, cols), "difference " + l.node()),
                        "fp32 − quantized, ± " + Html.g(m)));
            } else {
                b.append("<p class=\"note\">fp32 island in the quantized model: no integer maps.</p>");
            }
            b.append("</div>\n");
        }
        return b.toString();
    }

    private static BufferedImage grid(float[] v, int shown, Planes p, double lo, double hi, Colormap map, int scale, int cols) {
        if (p.height() == 1) {
            // 1-D responses: one row per channel, position along the row
            return Raster.map(v, 0, shown, p.width(), lo, hi, map, Math.max(2, Raster.scaleFor(shown, p.width(), 280)));
        }
        List<BufferedImage> tiles = new ArrayList<>();
        for (int c = 0; c < shown; c++) {
            tiles.add(Raster.map(v, c * p.area(), p.height(), p.width(), lo, hi, map, scale));
        }
        return Raster.grid(tiles, cols, 2);
    }
}
