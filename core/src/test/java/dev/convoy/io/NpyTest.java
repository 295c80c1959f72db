package dev.convoy.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convoy.BadInputException;
import dev.convoy.GraphFixtures;
import dev.convoy.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy round trips, and reading the files numpy.save wrote for the fixtures. */
class NpyTest {
    @Test
    void roundTripKeepsShapeAndBits(@TempDir Path tmp) throws Exception {
        Tensor t = GraphFixtures.random(5, 3, 7);
        Path f = tmp.resolve("t.npy");
        Npy.write(f, t);
        assertEquals(0, (Files.size(f) - 4L * t.size()) % 64, "header padded to a 64-byte boundary");
        Tensor back = Npy.read(f);
        assertEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data());
    }

    @Test
    void readsNumpyWrittenFixtures() {
        Tensor logits = Npy.read(GraphFixtures.fixtures().resolve("resnet.logits256.npy"));
        assertEquals("[256,10]", logits.shape().toString());
    }

    @Test
    void rejectsOtherFiles(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("x.npy"), "hello");
        assertThrows(BadInputException.class, () -> Npy.read(f));
    }
}
