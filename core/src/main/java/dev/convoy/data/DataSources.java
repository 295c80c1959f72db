package dev.convoy.data;

import dev.convoy.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens images from what a user names, in one place for every command: {@code fashion-mnist} (the Debian
 * package's IDX files), a directory holding IDX files, a {@code .npy} of inputs (with optional labels), a {@code .npz} holding inputs {@code x} and labels {@code y}, or a
 * directory of images (class folders or not).
 */
public final class DataSources {
    /** The name of the Debian Fashion-MNIST set. */
    public static final String FASHION_MNIST = "fashion-mnist";

    private DataSources() {
    }

    /**
     * @param spec          {@code fashion-mnist}, an IDX directory, a {@code .npy} file, or an image directory
     * @param labels        a {@code .npy} of labels for a {@code .npy} source, or null
     * @param preprocessing how images in a directory become inputs (IDX and .npy data are taken as they are read)
     * @param split         which IDX split: the test images for evaluation, the training images for calibration
     * @return the source (the caller closes it)
     * @throws BadInputException naming the path when it is none of these
     */
    public static ImageSource open(String spec, Path labels, Preprocessing preprocessing, FashionMnist.Split split) {
        return open(spec, labels, null, preprocessing, split);
    }

    /**
     * As {@link #open(String, Path, Preprocessing, FashionMnist.Split)}, naming the arrays of a {@code .npz}.
     *
     * @param spec          as there
     * @param labels        as there
     * @param npzArrays     {@code INPUTS[,LABELS]}: the arrays a {@code .npz} is read from, or null for {@code x}
     *                      and (when present) {@code y}
     * @param preprocessing as there
     * @param split         as there
     * @return the source (the caller closes it)
     */
    public static ImageSource open(String spec, Path labels, String npzArrays, Preprocessing preprocessing, FashionMnist.Split split) {
        String s = spec.trim();
        Path path = s.equalsIgnoreCase(FASHION_MNIST) ? FashionMnist.DEFAULT_DIR : Path.of(s);
        if (labels != null && !path.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            // a .npz carries its labels as the array y
            throw new BadInputException("--labels " + labels + ": labels files go with a .npy of inputs, not " + spec);
        }
        if (s.equalsIgnoreCase(FASHION_MNIST) || isIdxDirectory(path)) {
            return FashionMnist.load(path, split);
        }
        String lower = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npy")) {
            return new NpySource(path, labels);
        }
        if (lower.endsWith(".npz")) {
            String[] names = npzArrays == null ? new String[0] : npzArrays.split(",", -1);
            if (names.length > 2 || java.util.Arrays.stream(names).anyMatch(n -> n.isBlank())) {
                throw new BadInputException("--arrays " + npzArrays + ": expected INPUTS[,LABELS], e.g. x,y");
            }
            return NpySource.fromNpz(path, names.length > 0 ? names[0].trim() : null, names.length > 1 ? names[1].trim() : null);
        }
        if (Files.isDirectory(path)) {
            if (!holdsImagesOrFolders(path)) {
                throw new BadInputException(path + ": holds neither images (" + String.join(", ", new java.util.TreeSet<>(ImageFolderSource.EXTENSIONS))
                        + ") nor the Fashion-MNIST files (t10k-images-idx3-ubyte.gz, …); install the Debian package"
                        + " dataset-fashion-mnist or give a directory of images");
            }
            return new ImageFolderSource(path, preprocessing);
        }
        throw new BadInputException(spec + ": not " + FASHION_MNIST + ", a directory of IDX files or images, a .npy or a .npz file"
                + (Files.exists(path) ? "" : " (no such file or directory)"));
    }

    private static boolean holdsImagesOrFolders(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) || ImageFolderSource.isImage(p));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * @param dir a path
     * @return whether it is a directory holding IDX files ({@code *-idx1-ubyte.gz} or {@code *-idx3-ubyte.gz})
     */
    public static boolean isIdxDirectory(Path dir) {
        try (var s = Files.list(dir)) {
            return Files.isDirectory(dir) && s.anyMatch(p -> p.getFileName().toString().matches(".*-idx[13]-ubyte\\.gz"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
