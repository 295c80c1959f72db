package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command destroys its input: every output that resolves to an input of the same run (by its own name,
 * through {@code ./}, or through a symlink), or to another output, is refused in one line with exit 2 before
 * any work, and the input's bytes are unchanged.
 */
class NoLostFilesTest {
    @TempDir
    Path tmp;

    private Path model;
    private byte[] modelBytes;
    private Path hw;
    private byte[] hwBytes;

    @BeforeEach
    void copyInputs() throws Exception {
        Path fixtures = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        model = tmp.resolve("m.onnx");
        Files.copy(fixtures.resolve("lenet5.onnx"), model);
        modelBytes = Files.readAllBytes(model);
        hw = tmp.resolve("h.yaml");
        Files.copy(fixtures.toAbsolutePath().getParent().resolve("hw-config/src/main/resources/dev/convoy/hw/boards/pipecnn-de5net.yaml"), hw);
        hwBytes = Files.readAllBytes(hw);
    }

    private static String[] args(Object... a) {
        List<String> s = new ArrayList<>();
        for (Object o : a) {
            s.add(o.toString());
        }
        return s.toArray(String[]::new);
    }

    private void refused(Object... a) throws Exception {
        CliRun r = CliRun.of(args(a));
        int code = r.code();
        String out = r.out();
        String e = r.err().strip();
        String what = String.join(" ", args(a));
        assertEquals(2, code, what + "\n" + out + e);
        assertTrue(e.startsWith("convoy: ") && e.lines().count() == 1 && !e.contains("\tat "), what + "\n" + e);
        assertTrue(e.contains("refusing to overwrite") || e.contains("give each output its own file"), what + "\n" + e);
        assertArrayEquals(modelBytes, Files.readAllBytes(model), what + ": the model is intact");
        assertArrayEquals(hwBytes, Files.readAllBytes(hw), what + ": the hardware description is intact");
    }

    @Test
    void quantizeOverItsOwnModelIsRefusedHoweverSpelt() throws Exception {
        Path link = tmp.resolve("link.onnx");
        Files.createSymbolicLink(link, model);
        refused("quantize", model, "-o", model);
        refused("quantize", model, "-o", tmp.resolve(".").resolve("m.onnx"));
        refused("quantize", model, "-o", link);
        refused("quantize", link, "-o", model);
    }

    @Test
    void reportsOverTheModelAreRefused() throws Exception {
        refused("infer", model, "--out", model);
        refused("eval", model, "--json", model);
        refused("summary", model, "--json", model);
        refused("validate", model, "--json", model);
        refused("validate", model, "--junit", model);
        refused("plan", model, "--hw", "pipecnn-de5net", "--json", model);
        refused("simulate", model, "--hw", "pipecnn-de5net", "--json", model);
        refused("explore", model, "--hw", "pipecnn-de5net", "--plot", model);
        refused("bench", model, "--device", "cpu", "--json", model);
    }

    @Test
    void reportsOverTheHardwareDescriptionAreRefused() throws Exception {
        refused("simulate", model, "--hw", hw, "--json", hw);
        refused("plan", model, "--hw", hw, "--json", hw);
        refused("explore", model, "--hw", hw, "--json", hw);
    }

    @Test
    void twoOutputsOnOneFileAreRefused() throws Exception {
        Path r = tmp.resolve("r.out");
        refused("validate", model, "--json", r, "--junit", r);
        refused("explore", model, "--hw", "pipecnn-de5net", "--plot", r, "--json", r);
        assertFalse(Files.exists(r));
    }
}
