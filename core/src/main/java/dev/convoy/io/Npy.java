package dev.convoy.io;

import dev.convoy.BadInputException;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes float32 tensors in NumPy's {@code .npy} format, version 1.0: the magic {@code \x93NUMPY},
 * a little-endian header length, a Python-dict header padded to a 64-byte boundary, then the raw
 * little-endian elements in C order. {@code numpy.load} reads what this writes.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * @param file where to write
     * @param t    the tensor, saved with its shape as float32 ({@code <f4}), C order
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Tensor t) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (int d : t.shape().dims()) {
            shape.append(d).append(", ");
        }
        if (t.shape().rank() > 1) {
            shape.setLength(shape.length() - 2);
        } else if (t.shape().rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }");
        int total = MAGIC.length + 4 + header.length() + 1;
        header.append(" ".repeat((64 - total % 64) % 64)).append('\n');
        ByteBuffer data = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.data());
        AtomicFile.write(file, out -> {
            out.write(MAGIC);
            out.write(new byte[] {1, 0});
            byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
            out.write(new byte[] {(byte) h.length, (byte) (h.length >> 8)});
            out.write(h);
            out.write(data.array());
        });
    }

    /**
     * @param file a {@code .npy} holding little-endian float32 in C order
     * @return the tensor
     * @throws BadInputException naming the file if it is not such an array
     */
    public static Tensor read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(b, file.toString());
    }

    /**
     * @param b    a {@code .npy} file's bytes: little-endian float32 in C order
     * @param file the file's name, for messages
     * @return the tensor
     * @throws BadInputException naming the file if it is not such an array
     */
    public static Tensor parse(byte[] b, String file) {
        if (b.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, 6), MAGIC)) {
            throw new BadInputException(file + ": not a .npy file");
        }
        int major = b[6];
        if (major < 1 || major > 3 || (major > 1 && b.length < 12)) {
            throw new BadInputException(file + ": .npy format version " + major + " is not one Convoy reads (1, 2 or 3)");
        }
        int headerLen = major == 1 ? (b[8] & 0xFF) | (b[9] & 0xFF) << 8
                : ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = major == 1 ? 10 : 12;
        if (headerLen < 0 || (long) start + headerLen > b.length) {
            throw new BadInputException(file + ": truncated .npy header");
        }
        String header = new String(b, start, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new BadInputException(file + ": only little-endian float32 C-order arrays are read (header "
                    + dev.convoy.Printable.line(header.trim().substring(0, Math.min(200, header.trim().length()))) + ")");
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file + ": .npy header has no shape");
        }
        String[] parts = m.group(1).split(",");
        int rank = 0;
        long[] dims = new long[parts.length];
        Shape shape;
        try {
            for (String p : parts) {
                if (!p.isBlank()) {
                    dims[rank++] = Long.parseLong(p.trim());
                }
            }
            shape = Shape.ofLongs(java.util.Arrays.copyOf(dims, rank));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new BadInputException(file + ": .npy shape (" + dev.convoy.Printable.line(m.group(1).substring(0, Math.min(100, m.group(1).length())))
                    + ") is not a list of sizes an array can have");
        }
        int offset = start + headerLen;
        if (b.length - offset != 4L * shape.size()) {
            throw new BadInputException(file + ": holds " + (b.length - offset) + " data bytes, shape " + shape + " needs " + 4L * shape.size());
        }
        float[] f = new float[shape.size()];
        ByteBuffer.wrap(b, offset, 4 * f.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return new Tensor(shape, f);
    }
}
