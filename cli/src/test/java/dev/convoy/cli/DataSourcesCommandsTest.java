package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.io.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 60 test images given as IDX, as PNGs in class folders and as a .npy give the same answers: the
 * sources differ only in how the pixels arrive (8-bit grey PNGs scaled by 1/255 are exactly the IDX inputs).
 */
class DataSourcesCommandsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final String DATA = System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    private static String top1(CliRun r) {
        assertEquals(0, r.code(), r.err());
        return r.out().lines().filter(l -> l.startsWith("top-1")).findFirst().orElseThrow().replaceAll(", [0-9.]+ images/s", "");
    }

    @Test
    void idxPngFoldersAndNpyAgree() throws Exception {
        LabelledImages test = FashionMnist.load(Path.of(DATA), FashionMnist.Split.TEST).first(60);
        Path folders = tmp.resolve("png");
        for (int i = 0; i < test.size(); i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, Math.round(test.images().data()[i * 784 + p] * 255));
            }
            Path f = tmp.resolve("png").resolve(String.valueOf(test.labels()[i])).resolve(String.format("%03d.png", i));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        String model = FIXTURES.resolve("lenet5.onnx").toString();
        String idx = top1(CliRun.of("eval", model, "--data", DATA, "--limit", "60"));
        assertEquals(idx, top1(CliRun.of("eval", model, "--data", folders.toString())), "PNG class folders");
        Path x = tmp.resolve("x.npy");
        Npy.write(x, test.images());
        Path fromIdx = tmp.resolve("idx-out.npy"), fromNpy = tmp.resolve("npy-out.npy");
        assertEquals(0, CliRun.of("infer", model, "--data", DATA, "--limit", "60", "--out", fromIdx.toString()).code());
        CliRun npy = CliRun.of("infer", model, "--data", x.toString(), "--out", fromNpy.toString());
        assertEquals(0, npy.code(), npy.err());
        assertArrayEquals(Npy.read(fromIdx).data(), Npy.read(fromNpy).data(), "the same inputs from a .npy give the same outputs");
    }

    /** Calibrating on the same 60 images as an unlabelled PNG folder, a .npy or fashion-mnist:60 gives the same file. */
    @Test
    void calibrationFromAnySourceGivesTheSameModel() throws Exception {
        LabelledImages train = FashionMnist.load(Path.of(DATA), FashionMnist.Split.TRAIN).first(60);
        Path pngs = tmp.resolve("calib");
        Files.createDirectories(pngs);
        for (int i = 0; i < train.size(); i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, Math.round(train.images().data()[i * 784 + p] * 255));
            }
            ImageIO.write(img, "png", pngs.resolve(String.format("%03d.png", i)).toFile());
        }
        Path npy = tmp.resolve("calib.npy");
        Npy.write(npy, train.images());
        String model = FIXTURES.resolve("lenet5.onnx").toString();
        byte[][] files = new byte[3][];
        String[] calib = {"fashion-mnist:60", pngs + ":60", npy + ":60"};
        for (int k = 0; k < 3; k++) {
            Path out = tmp.resolve("q" + k + ".onnx");
            CliRun r = CliRun.of("quantize", model, "--data", DATA, "--calib", calib[k], "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            files[k] = Files.readAllBytes(out);
        }
        assertArrayEquals(files[0], files[1], "PNG folder");
        assertArrayEquals(files[0], files[2], ".npy");
    }

    /** Top-k, per-class accuracy and the confusion matrix, checked against the logits `infer` writes for the same images. */
    @Test
    void evalReportsTopKPerClassAndConfusion() throws Exception {
        String model = FIXTURES.resolve("lenet5.onnx").toString();
        Path json = tmp.resolve("eval.json"), logits = tmp.resolve("logits.npy");
        CliRun r = CliRun.of("eval", model, "--data", DATA, "--limit", "300", "--top-k", "3", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("top-3 "), r.out());
        assertEquals(0, CliRun.of("infer", model, "--data", DATA, "--limit", "300", "--out", logits.toString()).code());
        float[] z = Npy.read(logits).data();
        int[] labels = FashionMnist.load(Path.of(DATA), FashionMnist.Split.TEST).first(300).labels();
        int inTop3 = 0;
        int[][] confusion = new int[10][10];
        for (int i = 0; i < 300; i++) {
            Integer[] order = java.util.stream.IntStream.range(0, 10).boxed().toArray(Integer[]::new);
            final int row = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(z[row * 10 + b], z[row * 10 + a]));
            inTop3 += java.util.Arrays.asList(order).subList(0, 3).contains(labels[i]) ? 1 : 0;
            confusion[labels[i]][order[0]]++;
        }
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(3, j.path("top_k").asInt(), j.toString());
        assertEquals(inTop3 / 300.0, j.path("top_k_accuracy").asDouble(), 1e-12);
        for (int c = 0; c < 10; c++) {
            int total = 0;
            for (int p = 0; p < 10; p++) {
                assertEquals(confusion[c][p], j.path("confusion").path(c).path(p).asInt(), "confusion[" + c + "][" + p + "]");
                total += confusion[c][p];
            }
            assertEquals((double) confusion[c][c] / total, j.path("per_class_accuracy").path(c).asDouble(), 1e-12, "class " + c);
        }
    }

    @Test
    void badDataOptionsAreOneLine() {
        String model = FIXTURES.resolve("lenet5.onnx").toString();
        CliRun mean = CliRun.of("eval", model, "--data", DATA, "--limit", "5", "--mean", "0.5,0.5");
        assertEquals(ExitCode.BAD_INPUT, mean.code());
        assertTrue(mean.err().contains("--mean has 2 values; gray images have 1 channel"), mean.err());
        CliRun color = CliRun.of("eval", model, "--data", DATA, "--limit", "5", "--color", "cmyk");
        assertTrue(color.err().contains("--color cmyk is not one of rgb, bgr, gray"), color.err());
        CliRun unlabelled = CliRun.of("eval", model, "--data", FIXTURES.resolve("data/npy/float32.npy").toString());
        assertEquals(ExitCode.BAD_INPUT, unlabelled.code());
        assertTrue(unlabelled.err().contains("float32.npy: no labels"), unlabelled.err());
        CliRun none = CliRun.of("eval", model, "--data", "/no/such/place");
        assertEquals(ExitCode.BAD_INPUT, none.code());
        assertTrue(none.err().contains("/no/such/place: not fashion-mnist, a directory of IDX files or images, a .npy or a .npz file"), none.err());
    }
}
