package dev.convoy.chart;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Turns value maps and images into PNG data URIs (javax.imageio), upscaled by whole pixels so a 7×7 map stays
 * sharp rather than blurred by the browser.
 */
public final class Raster {
    private Raster() {
    }

    /**
     * @param values row-major h·w values, read from offset
     * @param offset where the map starts
     * @param h      rows
     * @param w      columns
     * @param lo     the value drawn at the colormap's 0
     * @param hi     the value drawn at its 1
     * @param map    the colours
     * @param scale  screen pixels per value (at least 1)
     * @return the map as an image
     */
    public static BufferedImage map(float[] values, int offset, int h, int w, double lo, double hi, Colormap map, int scale) {
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        double span = hi > lo ? hi - lo : 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = map.rgb((values[offset + y * w + x] - lo) / span);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    /**
     * An input image as a picture: one channel in grey, three as RGB, each channel stretched from its own
     * minimum to maximum (the values are normalised network inputs, not pixels).
     *
     * @param values [C, H, W] values from offset
     * @param offset where the image starts
     * @param c      channels (1 or 3 drawn as such; otherwise the first is drawn in grey)
     * @param h      rows
     * @param w      columns
     * @param scale  screen pixels per input pixel
     * @return the picture
     */
    public static BufferedImage image(float[] values, int offset, int c, int h, int w, int scale) {
        return image(values, offset, c, h, w, scale, Double.NaN, Double.NaN);
    }

    /**
     * As {@link #image(float[], int, int, int, int, int)}, every channel drawn from lo (black) to hi (full), or
     * stretched per channel when lo is NaN.
     *
     * @param values [C, H, W] values from offset
     * @param offset where the image starts
     * @param c      channels
     * @param h      rows
     * @param w      columns
     * @param scale  screen pixels per input pixel
     * @param fixedLo the value drawn black, or NaN
     * @param fixedHi the value drawn full
     * @return the picture
     */
    public static BufferedImage image(float[] values, int offset, int c, int h, int w, int scale, double fixedLo, double fixedHi) {
        int drawn = c == 3 ? 3 : 1;
        double[] lo = new double[drawn], hi = new double[drawn];
        for (int ch = 0; ch < drawn; ch++) {
            if (!Double.isNaN(fixedLo)) {
                lo[ch] = fixedLo;
                hi[ch] = fixedHi;
                continue;
            }
            lo[ch] = Double.POSITIVE_INFINITY;
            hi[ch] = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < h * w; i++) {
                float v = values[offset + ch * h * w + i];
                lo[ch] = Math.min(lo[ch], v);
                hi[ch] = Math.max(hi[ch], v);
            }
        }
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int src = drawn == 3 ? ch : 0;
                    double span = hi[src] > lo[src] ? hi[src] - lo[src] : 1;
                    int v = (int) Math.round(255 * (values[offset + src * h * w + y * w + x] - lo[src]) / span);
                    rgb = rgb << 8 | Math.max(0, Math.min(255, v));
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    /**
     * @param image a picture
     * @return {@code data:image/png;base64,...}
     */
    public static String dataUri(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /**
     * @param image a picture
     * @param title its tooltip and alternative text
     * @return an {@code <img>} element showing it at its own size
     */
    public static String img(BufferedImage image, String title) {
        String t = title.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        return "<img src=\"" + dataUri(image) + "\" width=\"" + image.getWidth() + "\" height=\"" + image.getHeight() + "\" alt=\"" + t
                + "\" title=\"" + t + "\">";
    }

    /**
     * @param h rows of a map
     * @param w columns
     * @param target the number of screen pixels the longer side should have about
     * @return whole screen pixels per value, at least 1
     */
    public static int scaleFor(int h, int w, int target) {
        return Math.max(1, target / Math.max(1, Math.max(h, w)));
    }

    /**
     * @param tiles   pictures, laid out row by row
     * @param columns tiles per row
     * @param gap     pixels between tiles (white)
     * @return one picture holding them all
     */
    public static BufferedImage grid(java.util.List<BufferedImage> tiles, int columns, int gap) {
        int tw = tiles.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int th = tiles.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int cols = Math.max(1, Math.min(columns, tiles.size())), rows = (tiles.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(Math.max(1, cols * tw + (cols - 1) * gap), Math.max(1, rows * th + (rows - 1) * gap),
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), (i % cols) * (tw + gap), (i / cols) * (th + gap), null);
        }
        g.dispose();
        return out;
    }
}
