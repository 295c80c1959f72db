package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The preprocessing steps, each checked on an image whose expected output follows from the step's definition. */
class PreprocessingTest {
    /** A 4×2 RGB image whose pixel (x, y) is (10x + y, 100 + x, 200 + y). */
    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, (10 * x + y) << 16 | (100 + x) << 8 | (200 + y));
            }
        }
        return img;
    }

    @Test
    void channelOrderScaleMeanStdAndLayout() {
        Preprocessing rgb = new Preprocessing(Preprocessing.Color.RGB, null, null, 1f, null, null, Preprocessing.Layout.NCHW);
        float[] x = rgb.apply(image(), "img");
        assertEquals(3 * 8, x.length);
        assertEquals(31, x[7], "R of (3, 1)"); // channel 0, row 1, column 3
        assertEquals(103, x[8 + 3], "G of (3, 0)");
        assertEquals(201, x[16 + 4], "B of (0, 1)");
        Preprocessing bgr = new Preprocessing(Preprocessing.Color.BGR, null, null, 1f, null, null, Preprocessing.Layout.NCHW);
        assertEquals(201, bgr.apply(image(), "img")[4], "B first");
        Preprocessing norm = new Preprocessing(Preprocessing.Color.RGB, null, null, 1f / 255, new float[] {0.5f, 0.4f, 0.3f},
                new float[] {0.25f, 0.2f, 0.1f}, Preprocessing.Layout.NHWC);
        float[] n = norm.apply(image(), "img");
        assertEquals((10 * 2 + 1) / 255f, n[(1 * 4 + 2) * 3] * 0.25f + 0.5f, 1e-6f, "R of (2, 1), channels last");
        assertEquals(((200 + 1) / 255f - 0.3f) / 0.1f, n[(1 * 4 + 2) * 3 + 2], 1e-5f, "B of (2, 1)");
    }

    @Test
    void grayIsPilsLuma() {
        Preprocessing gray = Preprocessing.defaults(1);
        float[] g = gray.apply(image(), "img");
        assertEquals(8, g.length);
        int r = 30, gr = 103, b = 200; // pixel (3, 0)
        assertEquals(Math.round(0.299 * r + 0.587 * gr + 0.114 * b) / 255f, g[3], 1e-6f);
    }

    /** Java converts a grey image's linear values to sRGB in getRGB; the stored values must arrive unchanged. */
    @Test
    void greyImagesKeepTheirStoredValues() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 7);
        Preprocessing p = new Preprocessing(Preprocessing.Color.GRAY, null, null, 1f, null, null, Preprocessing.Layout.NCHW);
        assertArrayEquals(new float[] {100, 7}, p.apply(grey, "g.png"));
        Preprocessing rgb = new Preprocessing(Preprocessing.Color.RGB, null, null, 1f, null, null, Preprocessing.Layout.NCHW);
        assertArrayEquals(new float[] {100, 7, 100, 7, 100, 7}, rgb.apply(grey, "g.png"), "grey replicated into R, G and B");
        assertEquals(100f / 255f, Preprocessing.defaults(1).apply(grey, "g.png")[0], 0f, "divided by 255, as ToTensor does");
    }

    @Test
    void centerCropAndResize() {
        Preprocessing crop = new Preprocessing(Preprocessing.Color.RGB, null, new Preprocessing.Size(2, 2, false), 1f, null, null,
                Preprocessing.Layout.NCHW);
        float[] c = crop.apply(image(), "img");
        assertArrayEquals(new float[] {10, 20, 11, 21}, java.util.Arrays.copyOf(c, 4), "R of columns 1–2, rows 0–1");
        Preprocessing same = new Preprocessing(Preprocessing.Color.RGB, new Preprocessing.Size(4, 2, false), null, 1f, null, null,
                Preprocessing.Layout.NCHW);
        assertArrayEquals(new Preprocessing(Preprocessing.Color.RGB, null, null, 1f, null, null, Preprocessing.Layout.NCHW)
                .apply(image(), "img"), same.apply(image(), "img"), "resizing to the same size changes nothing");
        Preprocessing shorter = new Preprocessing(Preprocessing.Color.GRAY, Preprocessing.Size.parse("4", "--resize"), null, 1f, null, null,
                Preprocessing.Layout.NCHW);
        assertEquals(8 * 4, shorter.apply(image(), "img").length, "shorter side 2 → 4, the other 4 → 8");
        BadInputException big = assertThrows(BadInputException.class, () -> new Preprocessing(Preprocessing.Color.RGB, null,
                new Preprocessing.Size(5, 5, false), 1f, null, null, Preprocessing.Layout.NCHW).apply(image(), "a.png"));
        assertTrue(big.getMessage().startsWith("a.png: 4x2 is smaller than the centre crop 5x5"), big.getMessage());
    }

    @Test
    void meanAndStdMustMatchTheChannels() {
        BadInputException e = assertThrows(BadInputException.class, () -> new Preprocessing(Preprocessing.Color.RGB, null, null, 1f,
                new float[] {0.5f, 0.5f}, null, Preprocessing.Layout.NCHW));
        assertEquals("--mean has 2 values; rgb images have 3 channels", e.getMessage());
        assertThrows(BadInputException.class, () -> new Preprocessing(Preprocessing.Color.GRAY, null, null, 1f, null, new float[] {0},
                Preprocessing.Layout.NCHW));
        assertThrows(BadInputException.class, () -> Preprocessing.Size.parse("12y4", "--resize"));
    }
}
