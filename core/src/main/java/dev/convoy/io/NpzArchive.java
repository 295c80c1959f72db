package dev.convoy.io;

import dev.convoy.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive ({@code numpy.savez} or {@code savez_compressed}: a zip of {@code NAME.npy}
 * members), whose arrays are opened as {@link NpyArray}s. A member is inflated once into a temporary file so its
 * rows can still be read on demand, never the whole array in memory; the temporary files go when the archive is
 * closed.
 */
public final class NpzArchive implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final List<Path> extracted = new ArrayList<>();

    private NpzArchive(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /**
     * @param file a {@code .npz} file
     * @return it, open
     * @throws BadInputException naming the file when it is missing or not a zip archive
     */
    public static NpzArchive open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        try {
            return new NpzArchive(file, new ZipFile(file.toFile()));
        } catch (ZipException e) {
            throw new BadInputException(file + ": not a .npz archive (not a zip file)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** @return the array names it holds, sorted (members {@code NAME.npy}) */
    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy")).forEach(n -> names.add(n.substring(0, n.length() - 4)));
        return names;
    }

    /**
     * @param name an array name
     * @return whether the archive holds it
     */
    public boolean has(String name) {
        return zip.getEntry(name + ".npy") != null;
    }

    /**
     * @param name an array name, e.g. {@code x}
     * @return the array, open (closed with the archive or by the caller)
     * @throws BadInputException naming the archive and the arrays it does hold when there is no such array, or
     *                           the member when it is not a valid {@code .npy}
     */
    public NpyArray array(String name) {
        ZipEntry e = zip.getEntry(name + ".npy");
        String display = file + ":" + name;
        if (e == null) {
            throw new BadInputException(file + ": no array '" + name + "' (it holds " + String.join(", ", names()) + ")");
        }
        Path tmp = null;
        try (InputStream in = zip.getInputStream(e)) {
            tmp = Files.createTempFile("convoy-npz-", ".npy");
            extracted.add(tmp);
            // a member may claim a small size and inflate without end (a zip bomb): never write more than it
            // declares, nor more than the temporary directory can take
            long room = Files.getFileStore(tmp).getUsableSpace() - (64L << 20);
            long limit = e.getSize() >= 0 ? e.getSize() : room;
            if (limit > room) {
                throw new BadInputException(display + ": " + limit + " bytes inflated do not fit in " + tmp.getParent() + " ("
                        + Math.max(0, room) + " bytes free)");
            }
            try (var out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > limit) {
                        throw new BadInputException(display + ": the member inflates past the " + limit + " bytes "
                                + (e.getSize() >= 0 ? "it declares" : "free in " + tmp.getParent()));
                    }
                    out.write(buf, 0, n);
                }
            }
        } catch (ZipException ex) {
            throw new BadInputException(display + ": corrupt archive member (" + ex.getMessage() + ")", ex);
        } catch (IOException ex) {
            throw new BadInputException(display + ": cannot extract (" + ex.getClass().getSimpleName()
                    + (tmp == null ? "" : ", writing " + tmp.getParent()) + ")", ex);
        }
        return NpyArray.open(tmp, display);
    }

    /** Closes the archive and deletes the extracted members (arrays opened from them must be closed first). */
    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only
        }
        for (Path p : extracted) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temp directory
            }
        }
    }
}
