package dev.convoy.data;

import dev.convoy.BadInputException;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test greyscale 28×28 images in 10 classes.
 * Pixels are scaled to [0, 1] (byte / 255), as torchvision's ToTensor does.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class names, by label. */
    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};
    private static final String HINT = "install the Debian package dataset-fashion-mnist or pass --data DIR";

    /** Which half of the dataset. */
    public enum Split {
        /** 60,000 training images ({@code train-*}) */
        TRAIN("train"),
        /** 10,000 test images ({@code t10k-*}) */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnist() {
    }

    /**
     * @param dir   directory holding the four {@code *-idx?-ubyte.gz} files
     * @param split train or test
     * @return the images and labels
     * @throws BadInputException naming the missing or malformed file and the package to install
     */
    public static LabelledImages load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": Fashion-MNIST directory not found; " + HINT);
        }
        Path imageFile = dir.resolve(split.prefix + "-images-idx3-ubyte.gz");
        Path labelFile = dir.resolve(split.prefix + "-labels-idx1-ubyte.gz");
        IdxReader.Idx images = IdxReader.read(imageFile, 3, HINT);
        IdxReader.Idx labels = IdxReader.read(labelFile, 1, HINT);
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new BadInputException(labelFile + ": " + labels.dims()[0] + " labels for " + n + " images in " + imageFile);
        }
        float[] pixels = new float[images.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.data()[i] & 0xFF) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= CLASSES.length) {
                throw new BadInputException(labelFile + ": label " + y[i] + " at index " + i + " is not a Fashion-MNIST class");
            }
        }
        Shape shape = Shape.of(n, 1, images.dims()[1], images.dims()[2]);
        return new LabelledImages("fashion-mnist/" + split.prefix, new Tensor(shape, pixels), y);
    }
}
