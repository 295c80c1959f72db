package dev.convoy.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Files written by NumPy itself (tools/fixtures/export_npy_fixtures.py: arange(6) as a 2×3 array in each dtype)
 * read back as NumPy wrote them; the forms Convoy does not read are refused in one line naming the file.
 */
class NpyArrayTest {
    private static final Path DIR = Path.of(System.getProperty("convoy.fixtures", "../fixtures"), "data", "npy");

    @Test
    void everyDtypeNumpyWritesReadsBack() {
        for (String name : new String[] {"float32", "float64", "uint8", "int8", "int16", "uint16", "int32", "uint32", "int64",
            "version2"}) {
            try (NpyArray a = NpyArray.open(DIR.resolve(name + ".npy"))) {
                assertArrayEquals(new long[] {2, 3}, a.dims(), name);
                assertEquals(3, a.rowElements(), name);
                assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a.floats(0, 2), name);
                assertArrayEquals(new float[] {3, 4, 5}, a.floats(1, 2), name + ": the second row alone");
                if (!a.dtype().floating()) {
                    assertArrayEquals(new long[] {0, 1, 2}, a.longs(0, 1), name);
                }
            }
        }
        try (NpyArray b = NpyArray.open(DIR.resolve("bool.npy"))) {
            assertArrayEquals(new long[] {0, 1, 0, 1, 0, 1}, b.longs(0, 2));
        }
    }

    @Test
    void formsConvoyDoesNotReadAreOneLineErrors() {
        String[][] cases = {{"fortran.npy", "Fortran-order"}, {"bigendian.npy", "big-endian"}, {"complex.npy", "dtype '<c8' is not one"},
            {"truncated.npy", "needs 24 data bytes, the file holds 20"}, {"missing.npy", "no such file"}};
        for (String[] c : cases) {
            Path f = DIR.resolve(c[0]);
            BadInputException e = assertThrows(BadInputException.class, () -> NpyArray.open(f).close(), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        try (NpyArray f = NpyArray.open(DIR.resolve("float32.npy"))) {
            assertTrue(assertThrows(BadInputException.class, () -> f.longs(0, 1)).getMessage().contains("integers were expected"));
        }
    }
}
