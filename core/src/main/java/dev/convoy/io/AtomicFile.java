package dev.convoy.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every file Convoy writes goes through here: the bytes go to a temporary file in the target's directory,
 * are synced to disk, and the temporary file is renamed over the target (atomically where the file system
 * can). The target is therefore either its previous contents or the complete new ones — never a partial
 * file, whatever interrupts the write (a full disk, {@code ulimit -f}, an exception while producing it).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out where the bytes go (not to be closed by the writer)
         * @throws IOException when producing or writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * @param target the file to (re)place
     * @param writer produces its contents
     * @throws IOException when any step fails; the target is then unchanged and the temporary file removed
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                // writers (Jackson among them) may close the stream they are given; the channel must stay open to sync
                OutputStream out = new FilterOutputStream(Channels.newOutputStream(ch)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * @param target the file to (re)place
     * @param bytes  its contents
     * @throws IOException as for {@link #write(Path, Writer)}
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target the file to (re)place
     * @param text   its contents, written as UTF-8
     * @throws IOException as for {@link #write(Path, Writer)}
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
