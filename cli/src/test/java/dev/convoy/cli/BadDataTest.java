package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad data a user can hand eval, infer or quantize: one line on stderr naming the file and the
 * problem, exit 2, no stack trace. The .npy cases are NumPy-made (fixtures/data/npy, tools/fixtures/export_npy_fixtures.py).
 */
class BadDataTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final Path NPY = FIXTURES.resolve("data/npy");
    private static final String LENET = FIXTURES.resolve("lenet5.onnx").toString();

    @TempDir
    Path tmp;

    private static void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(ExitCode.BAD_INPUT, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), "expected «" + expected + "» in: " + r.err());
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), r.err());
    }

    private Path png(Path dir, String name, int w, int h) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        return f;
    }

    @Test
    void foldersOfImages() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        refused(empty + ": holds neither images", "eval", LENET, "--data", empty.toString());
        refused(empty + ": holds neither images", "infer", LENET, "--data", empty.toString(), "--out", tmp.resolve("o.npy").toString());

        Path corrupt = tmp.resolve("corrupt");
        png(corrupt.resolve("a"), "ok.png", 28, 28);
        Files.writeString(corrupt.resolve("a").resolve("broken.png"), "not a PNG at all");
        refused("broken.png: ", "eval", LENET, "--data", corrupt.toString());

        Path mixed = tmp.resolve("mixed");
        png(mixed.resolve("a"), "small.png", 28, 28);
        png(mixed.resolve("b"), "large.png", 32, 30);
        refused("large.png: ", "eval", LENET, "--data", mixed.toString());
        CliRun resized = CliRun.of("eval", LENET, "--data", mixed.toString(), "--resize", "28x28");
        assertEquals(ExitCode.OK, resized.code(), "--resize makes them one size: " + resized.err());

        // a small file declaring 60000 x 60000 pixels (a decompression bomb): refused from its header, before decoding
        Path bomb = tmp.resolve("bomb");
        byte[] b = Files.readAllBytes(png(bomb.resolve("a"), "huge.png", 28, 28));
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(60000).putInt(60000); // IHDR width, height
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 12, 17); // chunk type + data
        java.nio.ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        Files.write(bomb.resolve("a").resolve("huge.png"), b);
        refused("huge.png: 60000x60000 pixels, more than the 67108864 Convoy decodes", "eval", LENET, "--data", bomb.toString());

        Path wrongSize = tmp.resolve("wrongsize");
        png(wrongSize.resolve("a"), "big.png", 40, 40);
        refused("expects [N,1,28,28] but wrongsize images are [N,1,40,40]", "eval", LENET, "--data", wrongSize.toString());
    }

    @Test
    void numpyArrays() throws Exception {
        String x = NPY.resolve("float32.npy").toString();
        refused("labels_short.npy: shape", "eval", LENET, "--data", x, "--labels", NPY.resolve("labels_short.npy").toString());
        refused("labels_float.npy: labels of dtype float32", "eval", LENET, "--data", x, "--labels", NPY.resolve("labels_float.npy").toString());
        refused("fortran.npy: Fortran-order array", "infer", LENET, "--data", NPY.resolve("fortran.npy").toString(), "--out",
                tmp.resolve("o.npy").toString());
        refused("complex.npy: ", "infer", LENET, "--data", NPY.resolve("complex.npy").toString(), "--out", tmp.resolve("o.npy").toString());
        refused("truncated.npy: ", "infer", LENET, "--data", NPY.resolve("truncated.npy").toString(), "--out", tmp.resolve("o.npy").toString());
        Path notZip = Files.writeString(tmp.resolve("x.npz"), "PK? no");
        refused("x.npz: not a .npz archive", "infer", LENET, "--data", notZip.toString(), "--out", tmp.resolve("o.npy").toString());
        String npz = FIXTURES.resolve("tinted/test.npz").toString();
        refused("test.npz: no array 'images' (it holds x, y)", "eval", FIXTURES.resolve("tinted/tinted.onnx").toString(), "--data", npz,
                "--arrays", "images,labels");
    }

    @Test
    void preprocessingSettings() throws Exception {
        String model = FIXTURES.resolve("tinted/tinted.onnx").toString();
        String test = FIXTURES.resolve("tinted/test").toString();
        refused("--mean has 2 values; rgb images have 3 channels", "eval", model, "--data", test, "--mean", "0.5,0.5");
        refused("--std 0.0: each value must be positive", "eval", model, "--data", test, "--std", "0,1,1");
        refused("--resize 0x5: ", "eval", model, "--data", test, "--resize", "0x5");
        Path unknown = Files.writeString(tmp.resolve("p.yaml"), "color: rgb\ncentre_crop: 28\n");
        refused(unknown + ": unknown key 'centre_crop'", "eval", model, "--data", test, "--preprocess", unknown.toString());
        Path twice = Files.writeString(tmp.resolve("twice.yaml"), "mean: [0.1, 0.2, 0.3]\nmean: [0.3, 0.2, 0.1]\n");
        refused(twice + ": key 'mean' given twice", "eval", model, "--data", test, "--preprocess", twice.toString());
        Path scale = Files.writeString(tmp.resolve("scale.yaml"), "scale: lots\n");
        refused(scale + ": scale: 'lots' is not a number or 1/255", "eval", model, "--data", test, "--preprocess", scale.toString());
        List<String> none = new ArrayList<>(List.of("eval", model, "--data", test, "--preprocess", tmp.resolve("missing.yaml").toString()));
        refused("missing.yaml: no such file", none.toArray(String[]::new));
    }
}
