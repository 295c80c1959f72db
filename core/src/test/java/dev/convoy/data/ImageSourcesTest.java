package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import dev.convoy.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy and image-folder sources: what they read, and each kind of bad data in one line naming the file. */
class ImageSourcesTest {
    private static final Path NPY = Path.of(System.getProperty("convoy.fixtures", "../fixtures"), "data", "npy");

    @TempDir
    Path tmp;

    @Test
    void npyInputsWithLabels() {
        try (NpySource s = new NpySource(NPY.resolve("uint8.npy"), NPY.resolve("labels.npy"))) {
            assertEquals(2, s.size());
            assertEquals(Shape.of(3), s.imageShape());
            assertArrayEquals(new float[] {3, 4, 5}, s.images(1, 2).data(), "uint8 taken as it is: already preprocessed");
            assertArrayEquals(new int[] {3, 1}, s.labels(0, 2));
            assertEquals(2, s.load(-1).size());
        }
        try (NpySource unlabelled = new NpySource(NPY.resolve("float64.npy"), null)) {
            assertFalse(unlabelled.labelled());
            assertTrue(assertThrows(BadInputException.class, () -> unlabelled.labels(0, 1)).getMessage().contains("--labels"));
        }
    }

    @Test
    void badNpyDataIsOneLineNamingTheFile() {
        Object[][] cases = {{"uint8.npy", "labels_short.npy", "labels_short.npy: shape [1] for 2 inputs"},
            {"uint8.npy", "labels_float.npy", "labels must be integers"}, {"int32.npy", null, "int32.npy: inputs of dtype int32"},
            {"fortran.npy", null, "Fortran-order"}, {"uint8.npy", "int64.npy", "int64.npy: shape [2, 3] for 2 inputs"}};
        for (Object[] c : cases) {
            Path labels = c[1] == null ? null : NPY.resolve((String) c[1]);
            BadInputException e = assertThrows(BadInputException.class, () -> new NpySource(NPY.resolve((String) c[0]), labels).close());
            assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
        }
    }

    private static void png(Path f, int w, int h, int rgb) throws IOException {
        Files.createDirectories(f.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, f.toString().endsWith(".bmp") ? "bmp" : "png", f.toFile());
    }

    @Test
    void classFoldersInSortedOrder() throws IOException {
        Path root = tmp.resolve("set");
        png(root.resolve("dog/b.png"), 4, 4, 0x102030);
        png(root.resolve("dog/deeper/a.bmp"), 4, 4, 0x405060);
        png(root.resolve("cat/z.png"), 4, 4, 0xFF0000);
        Files.writeString(root.resolve("cat/notes.txt"), "ignored: not an image");
        Preprocessing p = new Preprocessing(Preprocessing.Color.RGB, null, null, 1f, null, null, Preprocessing.Layout.NCHW);
        try (ImageFolderSource s = new ImageFolderSource(root, p)) {
            assertEquals(List.of("cat", "dog"), s.classNames());
            assertEquals(3, s.size());
            assertArrayEquals(new int[] {0, 1, 1}, s.labels(0, 3));
            assertEquals(Shape.of(3, 4, 4), s.imageShape());
            float[] x = s.images(0, 3).data();
            assertEquals(255, x[0], "cat/z.png red");
            assertEquals(0x40, x[2 * 48], "dog/deeper/a.bmp sorts before dog/b.png");
        }
    }

    @Test
    void badFoldersAndImagesAreOneLineErrors() throws IOException {
        Preprocessing p = Preprocessing.defaults(1);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> new ImageFolderSource(empty, p)).getMessage()
                .startsWith(empty + ": no images"));
        Path emptyClass = tmp.resolve("classes");
        png(emptyClass.resolve("a/1.png"), 4, 4, 0);
        Files.createDirectories(emptyClass.resolve("b"));
        assertTrue(assertThrows(BadInputException.class, () -> new ImageFolderSource(emptyClass, p)).getMessage()
                .contains("b: class folder without images"));
        Path corrupt = tmp.resolve("corrupt");
        png(corrupt.resolve("1.png"), 4, 4, 0);
        Files.writeString(corrupt.resolve("2.png"), "not a PNG at all");
        try (ImageFolderSource s = new ImageFolderSource(corrupt, p)) {
            assertFalse(s.labelled(), "no class folders: unlabelled");
            BadInputException e = assertThrows(BadInputException.class, () -> s.images(0, 2));
            assertTrue(e.getMessage().startsWith(corrupt.resolve("2.png") + ": not an image Convoy can decode"), e.getMessage());
        }
        Path mixed = tmp.resolve("mixed");
        png(mixed.resolve("1.png"), 4, 4, 0);
        png(mixed.resolve("2.png"), 5, 4, 0);
        try (ImageFolderSource s = new ImageFolderSource(mixed, p)) {
            BadInputException e = assertThrows(BadInputException.class, () -> s.images(0, 2));
            assertTrue(e.getMessage().contains("2.png: 5x4 gives another input size than 1.png (4x4); add --resize or --center-crop"),
                    e.getMessage());
        }
        Preprocessing crop = new Preprocessing(Preprocessing.Color.GRAY, null, new Preprocessing.Size(4, 4, false), 1f, null, null,
                Preprocessing.Layout.NCHW);
        try (ImageFolderSource s = new ImageFolderSource(mixed, crop)) {
            assertEquals(2 * 16, s.images(0, 2).size(), "a centre crop makes mixed sizes one shape");
        }
    }
}
