package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on Debian's dataset-fashion-mnist files and on broken ones. */
class FashionMnistTest {
    private static Path dataDir() {
        return Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString()));
    }

    @Test
    void testSplitHasTenBalancedClasses() {
        LabelledImages t = FashionMnist.load(dataDir(), FashionMnist.Split.TEST);
        assertEquals(10_000, t.size());
        assertEquals("[1,28,28]", t.imageShape().toString());
        int[] perClass = new int[10];
        for (int y : t.labels()) {
            perClass[y]++;
        }
        for (int c : perClass) {
            assertEquals(1000, c); // Xiao et al. 2017: 1,000 test images per class
        }
        float max = 0;
        for (float v : t.images().data()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        assertEquals(9, t.labels()[0]); // the first test image is an ankle boot
    }

    @Test
    void missingDirectoryNamesThePackage(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> FashionMnist.load(tmp.resolve("none"), FashionMnist.Split.TEST));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void missingAndCorruptFilesAreNamed(@TempDir Path tmp) throws Exception {
        BadInputException missing = assertThrows(BadInputException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TEST));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte.gz") && missing.getMessage().contains("not found"));
        Files.writeString(tmp.resolve("t10k-images-idx3-ubyte.gz"), "not gzip");
        BadInputException corrupt = assertThrows(BadInputException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TEST));
        assertTrue(corrupt.getMessage().contains("not a gzip file"), corrupt.getMessage());
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp.resolve("t10k-images-idx3-ubyte.gz")))) {
            out.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        }
        BadInputException truncated = assertThrows(BadInputException.class, () -> FashionMnist.load(tmp, FashionMnist.Split.TEST));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }
}
