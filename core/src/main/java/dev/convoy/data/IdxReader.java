package dev.convoy.data;

import dev.convoy.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (LeCun's MNIST format), gzip-compressed: a big-endian magic
 * {@code 0x000008DD} (DD = number of dimensions), the dimensions as int32, then the bytes.
 */
public final class IdxReader {
    /** Largest IDX payload accepted, in bytes; Fashion-MNIST's training images are 47 MB. */
    private static final long MAX_BYTES = 1L << 30;

    private IdxReader() {
    }

    /**
     * @param file         a {@code .gz} IDX file
     * @param expectedRank 1 for labels, 3 for images
     * @param hint         what to tell the user if the file is missing
     * @return the dimensions followed by the payload
     */
    static Idx read(Path file, int expectedRank, String hint) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString(), expectedRank);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": not found; " + hint, e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * @param raw          the gzip-compressed IDX bytes (closed by the caller)
     * @param file         the file's name, for messages
     * @param expectedRank 1 for labels, 3 for images
     * @return the dimensions followed by the payload
     * @throws BadInputException naming the file for anything that is not such an IDX file
     */
    public static Idx read(InputStream raw, String file, int expectedRank) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16)))) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08 || (magic & 0xFF) != expectedRank) {
                throw new BadInputException(file + ": not an unsigned-byte IDX file of rank " + expectedRank
                        + " (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[expectedRank];
            long total = 1;
            for (int i = 0; i < expectedRank; i++) {
                dims[i] = in.readInt();
                total *= Math.max(dims[i], 0);
                if (dims[i] <= 0 || total > MAX_BYTES) {
                    throw new BadInputException(file + ": implausible IDX dimension " + dims[i]);
                }
            }
            // the bytes, then the float32 pixels made from them: refuse before allocating either
            dev.convoy.tensor.HeapBudget.require(5 * total, file + ": " + java.util.Arrays.toString(dims) + " declared",
                    "the file is not what its header says, or too large for this heap (CONVOY_JAVA_OPTS=-Xmx…)");
            // read in chunks: a header that overstates the payload fails as truncated, not after one huge allocation
            byte[] data = in.readNBytes((int) total);
            if (data.length != total) {
                throw new EOFException();
            }
            return new Idx(dims, data);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated IDX file (its header declares more data than it holds)", e);
        } catch (ZipException e) {
            throw new BadInputException(file + ": not a gzip file (" + dev.convoy.Printable.line(e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + dev.convoy.Printable.line(e.getMessage()) + ")", e);
        }
    }

    /**
     * @param dims dimension sizes
     * @param data the unsigned bytes, row-major
     */
    public record Idx(int[] dims, byte[] data) {
    }
}
