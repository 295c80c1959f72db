package dev.convoy.io;

import dev.convoy.BadInputException;
import dev.convoy.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .npy} file opened for reading rows on demand: the header is parsed once (format versions 1–3,
 * C order, little-endian or single-byte element types), and {@link #floats} / {@link #longs} read any range
 * of rows (first-axis slices) straight from the file, so a data set larger than the heap streams in batches.
 */
public final class NpyArray implements AutoCloseable {
    /** Element types read, by their NumPy {@code descr}. */
    public enum Dtype {
        FLOAT32("f4", 4, true), FLOAT64("f8", 8, true), UINT8("u1", 1, false), INT8("i1", 1, false), INT16("i2", 2, false),
        UINT16("u2", 2, false), INT32("i4", 4, false), UINT32("u4", 4, false), INT64("i8", 8, false), BOOL("b1", 1, false);

        private final String code;
        private final int bytes;
        private final boolean floating;

        Dtype(String code, int bytes, boolean floating) {
            this.code = code;
            this.bytes = bytes;
            this.floating = floating;
        }

        /** @return bytes per element */
        public int bytes() {
            return bytes;
        }

        /** @return whether it is a floating-point type */
        public boolean floating() {
            return floating;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private final String file;
    private final FileChannel channel;
    private final Dtype dtype;
    private final long[] dims;
    private final long dataOffset;
    private final long rowElements;

    private NpyArray(String file, FileChannel channel, Dtype dtype, long[] dims, long dataOffset) {
        this.file = file;
        this.channel = channel;
        this.dtype = dtype;
        this.dims = dims;
        this.dataOffset = dataOffset;
        long per = 1;
        for (int i = 1; i < dims.length; i++) {
            per *= dims[i];
        }
        this.rowElements = per;
    }

    /**
     * @param path a {@code .npy} file
     * @return it, open, header checked against the file's length
     * @throws BadInputException naming the file: missing, not .npy, Fortran order, big-endian or an unread dtype,
     *                           a shape the data does not fill
     */
    public static NpyArray open(Path path) {
        return open(path, path.toString());
    }

    /**
     * @param path a {@code .npy} file
     * @param file how messages name it (e.g. {@code data.npz:x} for a member extracted from an archive)
     * @return it, open, header checked against the file's length
     * @throws BadInputException naming {@code file}, as {@link #open(Path)}
     */
    public static NpyArray open(Path path, String file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return open(ch, file);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static NpyArray open(FileChannel ch, String file) {
        try {
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(pre, 0);
            byte[] p = pre.array();
            if (pre.position() < 10 || !Arrays.equals(Arrays.copyOf(p, 6), MAGIC)) {
                throw new BadInputException(file + ": not a .npy file");
            }
            int major = p[6];
            if (major < 1 || major > 3 || (major > 1 && pre.position() < 12)) {
                throw new BadInputException(file + ": .npy format version " + major + " is not one Convoy reads (1, 2 or 3)");
            }
            long headerLen = major == 1 ? (p[8] & 0xFF) | (p[9] & 0xFF) << 8 : Integer.toUnsignedLong(pre.getInt(8));
            long start = major == 1 ? 10 : 12;
            if (headerLen > 1 << 20 || start + headerLen > ch.size()) {
                throw new BadInputException(file + ": truncated .npy header");
            }
            ByteBuffer h = ByteBuffer.allocate((int) headerLen);
            ch.read(h, start);
            String header = new String(h.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Dtype dtype = dtype(header, file);
            Matcher f = FORTRAN.matcher(header);
            if (f.find() && f.group(1).equals("True")) {
                throw new BadInputException(file + ": Fortran-order array; save it in C order (numpy.ascontiguousarray)");
            }
            long[] dims = dims(header, file);
            long count = 1;
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            long need = Math.multiplyExact(count, dtype.bytes);
            long have = ch.size() - start - headerLen;
            if (have != need) {
                throw new BadInputException(file + ": shape " + Arrays.toString(dims) + " of " + dtype.name().toLowerCase(Locale.ROOT)
                        + " needs " + need + " data bytes, the file holds " + have);
            }
            return new NpyArray(file, ch, dtype, dims, start + headerLen);
        } catch (ArithmeticException e) {
            throw new BadInputException(file + ": .npy shape overflows", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Dtype dtype(String header, String file) {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file + ": .npy header has no dtype");
        }
        String d = m.group(1);
        char order = d.isEmpty() ? '?' : d.charAt(0);
        String code = "<>|=".indexOf(order) >= 0 ? d.substring(1) : d;
        for (Dtype t : Dtype.values()) {
            if (t.code.equals(code)) {
                if (order == '>' && t.bytes > 1) {
                    throw new BadInputException(file + ": big-endian dtype " + Printable.name(d) + "; save it little-endian");
                }
                return t;
            }
        }
        throw new BadInputException(file + ": dtype " + Printable.name(d) + " is not one Convoy reads (float32, float64, uint8,"
                + " int8, int16, uint16, int32, uint32, int64, bool)");
    }

    private static long[] dims(String header, String file) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file + ": .npy header has no shape");
        }
        String[] parts = m.group(1).split(",");
        long[] dims = new long[parts.length];
        int rank = 0;
        try {
            for (String part : parts) {
                if (!part.isBlank()) {
                    long v = Long.parseLong(part.trim().replaceFirst("L$", ""));
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    dims[rank++] = v;
                }
            }
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": .npy shape (" + Printable.line(m.group(1).substring(0, Math.min(100, m.group(1).length())))
                    + ") is not a list of sizes");
        }
        return Arrays.copyOf(dims, rank);
    }

    /** @return the element type */
    public Dtype dtype() {
        return dtype;
    }

    /** @return the dimensions, the first being the rows (images, labels) */
    public long[] dims() {
        return dims.clone();
    }

    /** @return rows along the first axis (1 for a scalar) */
    public long rows() {
        return dims.length == 0 ? 1 : dims[0];
    }

    /** @return elements per row */
    public long rowElements() {
        return rowElements;
    }

    /**
     * @param from first row
     * @param to   one past the last row
     * @return the rows' elements as float32, C order (integers converted exactly where float32 can)
     */
    public float[] floats(long from, long to) {
        ByteBuffer b = bytes(from, to);
        float[] out = new float[b.remaining() / dtype.bytes];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat();
                case FLOAT64 -> (float) b.getDouble();
                default -> (float) integer(b);
            };
        }
        return out;
    }

    /**
     * @param from first row
     * @param to   one past the last row
     * @return the rows' elements as integers
     * @throws BadInputException when the array holds floats
     */
    public long[] longs(long from, long to) {
        if (dtype.floating) {
            throw new BadInputException(file + ": holds " + dtype.name().toLowerCase(Locale.ROOT) + "; integers were expected");
        }
        ByteBuffer b = bytes(from, to);
        long[] out = new long[b.remaining() / dtype.bytes];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(b);
        }
        return out;
    }

    private long integer(ByteBuffer b) {
        return switch (dtype) {
            case UINT8, BOOL -> Byte.toUnsignedInt(b.get());
            case INT8 -> b.get();
            case INT16 -> b.getShort();
            case UINT16 -> Short.toUnsignedInt(b.getShort());
            case INT32 -> b.getInt();
            case UINT32 -> Integer.toUnsignedLong(b.getInt());
            case INT64 -> b.getLong();
            default -> throw new IllegalStateException(dtype.name());
        };
    }

    private ByteBuffer bytes(long from, long to) {
        if (from < 0 || to < from || to > rows()) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + rows());
        }
        long bytes = (to - from) * rowElements * dtype.bytes;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new BadInputException(file + ": rows " + from + "–" + to + " are more than one read holds; use a smaller batch");
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long at = dataOffset + from * rowElements * dtype.bytes;
            while (b.hasRemaining()) {
                if (channel.read(b, at + b.position()) < 0) {
                    throw new BadInputException(file + ": ends early");
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        return b.flip();
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
