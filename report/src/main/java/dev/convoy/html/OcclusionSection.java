package dev.convoy.html;

import dev.convoy.chart.Colormap;
import dev.convoy.chart.Raster;
import dev.convoy.visual.Occlusion;
import java.awt.image.BufferedImage;
import java.util.List;

/** Section 4: occlusion heatmaps, fp32 beside quantized. */
final class OcclusionSection {
    private OcclusionSection() {
    }

    /**
     * One image's maps.
     *
     * @param index     the image's index in the test set
     * @param labelName its class
     * @param input     the image drawn
     * @param map       the heatmaps
     */
    record Item(int index, String labelName, BufferedImage input, Occlusion.Map map) {
    }

    static String html(List<Item> items, int patch, int stride, String fill) {
        StringBuilder b = new StringBuilder("<p class=\"note\">A ").append(patch).append("×").append(patch).append(" patch (")
                .append(Html.esc(fill)).append(") slides over the image in steps of ").append(stride)
                .append(" pixels; each pixel shows how much the true class's score falls, on average, when the patch covers it"
                        + " (Zeiler &amp; Fergus). Red: the model needs that region; blue: covering it raises the score. fp32 and"
                        + " quantized share one scale per image.</p>\n");
        for (Item it : items) {
            Occlusion.Map m = it.map();
            double a = 1e-12;
            for (int i = 0; i < m.fp32Drop().length; i++) {
                a = Math.max(a, Math.max(Math.abs(m.fp32Drop()[i]), Math.abs(m.quantizedDrop()[i])));
            }
            int scale = Raster.scaleFor(m.height(), m.width(), 168);
            b.append("<h3>test image ").append(it.index()).append(" — ").append(Html.esc(it.labelName())).append("</h3><div class=\"row\">");
            b.append(Html.figure(Raster.img(it.input(), "image " + it.index()), "input"));
            b.append(Html.figure(Raster.img(Raster.map(m.fp32Drop(), 0, m.height(), m.width(), -a, a, Colormap.DIVERGING, scale), "fp32 occlusion"),
                    "fp32: score " + Html.g(m.fp32Score()) + ", largest drop " + Html.g(max(m.fp32Drop()))));
            b.append(Html.figure(Raster.img(Raster.map(m.quantizedDrop(), 0, m.height(), m.width(), -a, a, Colormap.DIVERGING, scale),
                    "quantized occlusion"), "quantized: score " + Html.g(m.quantizedScore()) + ", largest drop " + Html.g(max(m.quantizedDrop()))));
            b.append("</div>\n");
        }
        return b.toString();
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
