package dev.convoy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convoy.data.IdxReader;
import dev.convoy.io.Npy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** The IDX and NPY readers under fuzzing: any file is read or refused in one line. */
class DataReaderFuzzTest {
    /** The fuzzer's bytes as the IDX content, gzipped here so the fuzzer explores headers, not CRCs. */
    @FuzzTest(maxDuration = "20s")
    void idx(byte[] content) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int rank : new int[] {1, 3}) {
            Expect.goodOrBadInput(() -> IdxReader.read(new ByteArrayInputStream(gz.toByteArray()), "fuzz.gz", rank));
        }
        Expect.goodOrBadInput(() -> IdxReader.read(new ByteArrayInputStream(content), "raw.gz", 3));
    }

    @FuzzTest(maxDuration = "20s")
    void npy(byte[] bytes) {
        Expect.goodOrBadInput(() -> Npy.parse(bytes, "fuzz.npy"));
    }
}
