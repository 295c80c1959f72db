package dev.convoy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convoy.data.IdxReader;
import dev.convoy.data.NpySource;
import dev.convoy.data.PreprocessingSettings;
import dev.convoy.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** The IDX, NPY and NPZ readers and preprocessing files under fuzzing: any file is read or refused in one line. */
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

    /**
     * The fuzzer's bytes as one {@code .npy} member of a {@code .npz} (zipped here, stored or deflated, so the
     * fuzzer explores the array, not the zip's CRCs), read as inputs row by row; and as the archive itself.
     */
    @FuzzTest(maxDuration = "20s")
    void npz(byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-npz");
        try {
            Path zipped = dir.resolve("zipped.npz");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zipped))) {
                z.setLevel(bytes.length % 2 == 0 ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
                z.putNextEntry(new ZipEntry("x.npy"));
                z.write(bytes);
                z.closeEntry();
            }
            Path raw = Files.write(dir.resolve("raw.npz"), bytes);
            for (Path f : new Path[] {zipped, raw}) {
                Expect.goodOrBadInput(() -> {
                    try (NpySource s = NpySource.fromNpz(f, null, null)) {
                        s.images(0, Math.min(s.size(), 4));
                    }
                });
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A {@code --preprocess} file (or a model's stored settings) of any text. */
    @FuzzTest(maxDuration = "20s")
    void preprocessing(String yaml) {
        Expect.goodOrBadInput(() -> PreprocessingSettings.parse(yaml, "fuzz.yaml").resolve(3));
    }
}
