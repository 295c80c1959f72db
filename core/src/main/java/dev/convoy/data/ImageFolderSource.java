package dev.convoy.data;

import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A directory of images (PNG, JPEG, BMP, GIF), decoded and preprocessed batch by batch. With sub-directories it
 * follows torchvision's ImageFolder convention: each sub-directory is a class, its index the position of its
 * name in sorted order, its images found at any depth below it; without, the images are unlabelled (for
 * inference and calibration). Files are taken in sorted path order, so runs are reproducible.
 */
public final class ImageFolderSource implements ImageSource {
    /** File name endings read, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path dir;
    private final Preprocessing preprocessing;
    private final List<Path> files = new ArrayList<>();
    private final int[] labels;
    private final List<String> classes = new ArrayList<>();
    private final Shape imageShape;
    private final int firstWidth;
    private final int firstHeight;

    /**
     * @param dir           the directory
     * @param preprocessing how each image becomes an input
     * @throws BadInputException naming the directory when it holds no images, or a class folder holds none
     */
    public ImageFolderSource(Path dir, Preprocessing preprocessing) {
        this.dir = dir;
        this.preprocessing = preprocessing;
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a directory");
        }
        List<Integer> y = new ArrayList<>();
        try {
            List<Path> subdirs;
            try (Stream<Path> s = Files.list(dir)) {
                subdirs = s.filter(Files::isDirectory).sorted().toList();
            }
            if (subdirs.isEmpty()) {
                files.addAll(images(dir));
            } else {
                for (Path c : subdirs) {
                    List<Path> found = images(c);
                    if (found.isEmpty()) {
                        throw new BadInputException(c + ": class folder without images (" + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)) + ")");
                    }
                    for (Path f : found) {
                        files.add(f);
                        y.add(classes.size());
                    }
                    classes.add(c.getFileName().toString());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getClass().getSimpleName() + ")", e);
        }
        if (files.isEmpty()) {
            throw new BadInputException(dir + ": no images (" + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)) + ") found");
        }
        this.labels = classes.isEmpty() ? null : y.stream().mapToInt(Integer::intValue).toArray();
        BufferedImage first = decode(files.get(0));
        this.firstWidth = first.getWidth();
        this.firstHeight = first.getHeight();
        this.imageShape = preprocessing.shapeFor(firstWidth, firstHeight);
    }

    private static List<Path> images(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(ImageFolderSource::isImage).sorted().toList();
        }
    }

    /**
     * @param file a path
     * @return whether its name ends in one of {@link #EXTENSIONS}
     */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** Largest image decoded, pixels: 2^26 (8192 × 8192); a small file can declare a far larger one. */
    public static final long MAX_PIXELS = 1L << 26;

    private static BufferedImage decode(Path f) {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            return decode(in, f.toString());
        } catch (IOException e) {
            throw new BadInputException(f + ": corrupt image (" + Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /**
     * Decodes an image file's bytes as a folder's images are decoded: the same readers, the same size cap, the
     * same one-line errors (a distributed job reads its images from a Hadoop file system this way).
     *
     * @param bytes the file's contents
     * @param where the file's name or path, for messages
     * @return the image
     * @throws BadInputException naming where for anything that is not a decodable image within {@link #MAX_PIXELS}
     */
    public static BufferedImage decode(byte[] bytes, String where) {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return decode(in, where);
        } catch (IOException e) {
            throw new BadInputException(where + ": corrupt image (" + Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private static BufferedImage decode(javax.imageio.stream.ImageInputStream in, String f) {
        try {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(f + ": not an image Convoy can decode (PNG, JPEG, BMP, GIF)");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the header's size, checked before the pixels are allocated
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new BadInputException(f + ": " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than the "
                            + MAX_PIXELS + " Convoy decodes");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(f + ": corrupt image (" + Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /** @return the image files, in the order their images are numbered */
    public List<Path> files() {
        return java.util.Collections.unmodifiableList(files);
    }

    /** @return how each image becomes an input */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Shape imageShape() {
        return imageShape;
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> classNames() {
        return List.copyOf(classes);
    }

    /** Decodes and preprocesses the images of the range, in parallel, each checked to give the first's shape. */
    @Override
    public Tensor images(int from, int to) {
        int per = imageShape.size();
        float[] out = new float[(to - from) * per];
        IntStream.range(from, to).parallel().forEach(i -> {
            Path f = files.get(i);
            BufferedImage img = decode(f);
            if (!preprocessing.shapeFor(img.getWidth(), img.getHeight()).equals(imageShape)) {
                throw new BadInputException(f + ": " + img.getWidth() + "x" + img.getHeight() + " gives another input size than "
                        + files.get(0).getFileName() + " (" + firstWidth + "x" + firstHeight + "); add --resize or --center-crop");
            }
            float[] x = preprocessing.apply(img, f.toString());
            System.arraycopy(x, 0, out, (i - from) * per, per);
        });
        return new Tensor(imageShape.withBatch(to - from), out);
    }

    @Override
    public int[] labels(int from, int to) {
        if (labels == null) {
            throw new BadInputException(dir + ": images without class folders have no labels");
        }
        return java.util.Arrays.copyOfRange(labels, from, to);
    }

    @Override
    public void close() {
        // nothing held open between batches
    }
}
