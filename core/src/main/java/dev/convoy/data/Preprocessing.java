package dev.convoy.data;

import dev.convoy.BadInputException;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a decoded image becomes a model input, in float32 and in the order torchvision and Keras users expect:
 * colour conversion → resize → centre crop → scale → (x − mean) / std → layout.
 *
 * @param color      channels wanted: RGB, BGR or GRAY (one channel, as PIL's {@code convert("L")})
 * @param resize     the resize, or null for none
 * @param centerCrop the centre crop, or null for none
 * @param scale      multiplier applied to the 8-bit values (1/255 maps them to [0, 1])
 * @param mean       per-channel mean subtracted after scaling (one value per channel, or empty)
 * @param std        per-channel divisor after subtracting the mean (one value per channel, or empty)
 * @param layout     NCHW (channels first, PyTorch) or NHWC (channels last, Keras)
 */
public record Preprocessing(Color color, Size resize, Size centerCrop, float scale, float[] mean, float[] std, Layout layout)
        implements java.io.Serializable {
    /** Channel order of the input. */
    public enum Color { RGB, BGR, GRAY }

    /** Where the channels go. */
    public enum Layout { NCHW, NHWC }

    /**
     * A target size: exact width × height, or (for resize) the length of the shorter side, the other side scaled
     * to keep the aspect ratio (torchvision's {@code Resize(N)}).
     *
     * @param width       pixels
     * @param height      pixels
     * @param shorterSide whether only the shorter side is given (width = height = N)
     */
    public record Size(int width, int height, boolean shorterSide) implements java.io.Serializable {
        /** Rejects empty sizes. */
        public Size {
            if (width < 1 || height < 1 || width > 1 << 15 || height > 1 << 15) {
                throw new BadInputException("size " + width + "x" + height + " must be 1..32768 on each side");
            }
        }

        /**
         * @param text {@code N} or {@code WxH}
         * @param what the option, for messages
         * @return the size
         */
        public static Size parse(String text, String what) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.matches("\\d{1,5}")) {
                    int n = Integer.parseInt(t);
                    return new Size(n, n, true);
                }
                if (t.matches("\\d{1,5}x\\d{1,5}")) {
                    String[] p = t.split("x");
                    return new Size(Integer.parseInt(p[0]), Integer.parseInt(p[1]), false);
                }
            } catch (BadInputException e) {
                throw new BadInputException(what + " " + text + ": " + e.getMessage());
            }
            throw new BadInputException(what + " " + text + ": expected N or WxH");
        }
    }

    /** Checks that mean and std have one value per channel and std has no zero. */
    public Preprocessing {
        if (color == null || layout == null) {
            throw new BadInputException("preprocessing needs a colour and a layout");
        }
        mean = mean == null ? new float[0] : mean.clone();
        std = std == null ? new float[0] : std.clone();
        int channels = color == Color.GRAY ? 1 : 3;
        for (float[] v : new float[][] {mean, std}) {
            if (v.length != 0 && v.length != channels) {
                throw new BadInputException((v == mean ? "--mean" : "--std") + " has " + v.length + " values; " + color.name().toLowerCase(Locale.ROOT)
                        + " images have " + channels + " channel" + (channels == 1 ? "" : "s"));
            }
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new BadInputException("--std " + s + ": each value must be positive and finite");
            }
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new BadInputException("--scale " + scale + " must be positive and finite");
        }
    }

    /**
     * @param channels the model's input channels (1 → gray, 3 → rgb)
     * @return no resizing or cropping, 8-bit values scaled to [0, 1], NCHW: what Fashion-MNIST models take
     */
    public static Preprocessing defaults(int channels) {
        return new Preprocessing(channels == 1 ? Color.GRAY : Color.RGB, null, null, 1f / 255, null, null, Layout.NCHW);
    }

    /** @return channels produced */
    public int channels() {
        return color == Color.GRAY ? 1 : 3;
    }

    /**
     * @param image a decoded image
     * @param where the file, for messages
     * @return the input, [C, H, W] or [H, W, C] by {@link #layout}
     */
    public float[] apply(BufferedImage image, String where) {
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = pixels(image);
        int c = channels();
        float[] planes = new float[c * w * h]; // channels first while transforming
        for (int i = 0; i < w * h; i++) {
            int p = argb[i], r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (color == Color.GRAY) {
                planes[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16; // PIL's ITU-R 601-2 luma, rounded
            } else {
                planes[i] = color == Color.RGB ? r : b;
                planes[w * h + i] = g;
                planes[2 * w * h + i] = color == Color.RGB ? b : r;
            }
        }
        if (resize != null) {
            int[] size = resized(w, h);
            int nw = size[0], nh = size[1];
            planes = bilinear(planes, c, w, h, nw, nh);
            w = nw;
            h = nh;
        }
        if (centerCrop != null) {
            int cw = centerCrop.width(), ch = centerCrop.height();
            if (cw > w || ch > h) {
                throw new BadInputException(where + ": " + w + "x" + h + " is smaller than the centre crop " + cw + "x" + ch
                        + " (add --resize)");
            }
            int top = (int) Math.round((h - ch) / 2.0), left = (int) Math.round((w - cw) / 2.0); // torchvision's rounding
            float[] out = new float[c * cw * ch];
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < ch; y++) {
                    System.arraycopy(planes, (k * h + top + y) * w + left, out, (k * ch + y) * cw, cw);
                }
            }
            planes = out;
            w = cw;
            h = ch;
        }
        int hw = w * h;
        // 1/255 is applied as a division by 255, as torchvision's ToTensor and the IDX reader do, so 8-bit images
        // give bit-identical inputs (x · (1/255f) differs from x / 255f in the last place for some x)
        boolean divide = scale == 1f / 255;
        for (int k = 0; k < c; k++) {
            float m = mean.length == 0 ? 0 : mean[k], s = std.length == 0 ? 1 : std[k];
            for (int i = k * hw; i < (k + 1) * hw; i++) {
                float scaled = divide ? planes[i] / 255f : planes[i] * scale;
                planes[i] = mean.length == 0 && std.length == 0 ? scaled : (scaled - m) / s;
            }
        }
        if (layout == Layout.NCHW || c == 1) {
            return planes;
        }
        float[] nhwc = new float[planes.length];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < hw; i++) {
                nhwc[i * c + k] = planes[k * hw + i];
            }
        }
        return nhwc;
    }

    /**
     * The pixels as 0xRRGGBB. A one-band grey image is read from its raster: Java would otherwise convert its
     * linear grey colour space to sRGB (changing every mid-grey value), where PIL, and so torchvision, take the
     * stored 8-bit values as they are; 16-bit grey keeps its top 8 bits.
     */
    private static int[] pixels(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        java.awt.image.Raster raster = image.getRaster();
        if (raster.getNumBands() == 1 && !(image.getColorModel() instanceof java.awt.image.IndexColorModel)) {
            int[] v = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int shift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
            for (int i = 0; i < v.length; i++) {
                int g = (v[i] >> shift) & 0xFF;
                v[i] = g << 16 | g << 8 | g;
            }
            return v;
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    /** Width and height after the resize alone (torchvision's Resize(N): the longer side truncated). */
    private int[] resized(int w, int h) {
        if (resize == null) {
            return new int[] {w, h};
        }
        if (!resize.shorterSide()) {
            return new int[] {resize.width(), resize.height()};
        }
        int n = resize.width();
        return w <= h ? new int[] {n, (int) ((long) n * h / w)} : new int[] {(int) ((long) n * w / h), n};
    }

    /**
     * @param width  a decoded image's width, pixels
     * @param height its height, pixels
     * @return the shape {@link #apply} gives it: [C, H, W] or [H, W, C]
     */
    public dev.convoy.tensor.Shape shapeFor(int width, int height) {
        int[] s = resized(width, height);
        int w = centerCrop != null ? centerCrop.width() : s[0], h = centerCrop != null ? centerCrop.height() : s[1];
        int c = channels();
        return layout == Layout.NHWC ? dev.convoy.tensor.Shape.of(h, w, c) : dev.convoy.tensor.Shape.of(c, h, w);
    }

    /**
     * Bilinear resampling with half-pixel centres (align_corners = false), each output pixel interpolated from
     * its four nearest source pixels. Downscaling by large factors does not low-pass first (PIL's antialiasing
     * does): resize to near the target size before cropping, as torchvision's recipes do.
     */
    static float[] bilinear(float[] src, int c, int w, int h, int nw, int nh) {
        float[] out = new float[c * nw * nh];
        double sx = (double) w / nw, sy = (double) h / nh;
        for (int y = 0; y < nh; y++) {
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy, y1 = Math.min(h - 1, y0 + 1);
            double dy = fy - y0;
            for (int x = 0; x < nw; x++) {
                double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx, x1 = Math.min(w - 1, x0 + 1);
                double dx = fx - x0;
                for (int k = 0; k < c; k++) {
                    int base = k * w * h;
                    double top = src[base + y0 * w + x0] * (1 - dx) + src[base + y0 * w + x1] * dx;
                    double bottom = src[base + y1 * w + x0] * (1 - dx) + src[base + y1 * w + x1] * dx;
                    out[(k * nh + y) * nw + x] = (float) (top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "color=" + color.name().toLowerCase(Locale.ROOT) + (resize == null ? "" : " resize=" + describe(resize))
                + (centerCrop == null ? "" : " center-crop=" + describe(centerCrop)) + " scale=" + scale
                + (mean.length == 0 ? "" : " mean=" + Arrays.toString(mean)) + (std.length == 0 ? "" : " std=" + Arrays.toString(std))
                + " layout=" + layout.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(Size s) {
        return s.shorterSide() ? Integer.toString(s.width()) : s.width() + "x" + s.height();
    }
}
