package dev.convoy.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the previous file intact and no debris; outputs that are inputs are refused. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private long files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFile() throws IOException {
        Path f = dir.resolve("report.json");
        AtomicFile.writeString(f, "previous good output");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half of the new out".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("previous good output", Files.readString(f));
        assertEquals(1, files(), "the temporary file is removed");
    }

    @Test
    void aWriterThatClosesItsStreamStillCompletes() throws IOException {
        Path f = dir.resolve("x.bin");
        AtomicFile.write(f, out -> {
            out.write(new byte[] {1, 2, 3});
            out.close(); // as Jackson's writeValue does
        });
        assertEquals(3, Files.size(f));
        AtomicFile.write(f, new byte[] {9});
        assertEquals(1, Files.size(f));
        assertEquals(1, files());
    }

    @Test
    void anOutputThatIsAnInputIsRefusedHoweverItIsSpelt() throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.write(model, new byte[] {7});
        Path link = dir.resolve("link.onnx");
        Files.createSymbolicLink(link, model);
        for (Path out : new Path[] {model, dir.resolve(".").resolve("m.onnx"), dir.resolve("sub/../m.onnx"), link}) {
            BadInputException e = assertThrows(BadInputException.class, () -> OutputPaths.checkNotAnInput(out, "-o " + out, model));
            assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        }
        OutputPaths.checkNotAnInput(dir.resolve("other.onnx"), "-o other.onnx", model);
        OutputPaths.checkNotAnInput(dir.resolve("new/deep.onnx"), "-o new/deep.onnx", model, null);
    }
}
