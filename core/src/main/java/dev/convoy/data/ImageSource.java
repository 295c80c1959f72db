package dev.convoy.data;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * Images (and, where there are any, their labels) read in batches on demand, so a set larger than the heap can
 * be evaluated or used for calibration: an IDX pair, a {@code .npy} of inputs, a folder of images. Every
 * source produces inputs of one per-image shape; each problem with the data is a one-line
 * {@link dev.convoy.BadInputException} naming the file.
 */
public interface ImageSource extends AutoCloseable {
    /** @return a name for reports, e.g. the directory or file */
    String name();

    /** @return the number of images */
    int size();

    /** @return the shape of one image as the source produces it, e.g. [3, 224, 224] */
    Shape imageShape();

    /** @return whether labels are known */
    boolean labelled();

    /** @return class names by index (folder names), or empty when the source has none */
    List<String> classNames();

    /**
     * @param from first image
     * @param to   one past the last
     * @return the images, [to − from, …imageShape]
     */
    Tensor images(int from, int to);

    /**
     * @param from first image
     * @param to   one past the last
     * @return their labels
     * @throws dev.convoy.BadInputException when the source has no labels
     */
    int[] labels(int from, int to);

    /**
     * @param limit most images to read, or a negative number for all
     * @return the first {@code limit} images and labels (0 for each when there are none) in memory
     */
    default LabelledImages load(int limit) {
        int n = limit < 0 ? size() : Math.min(limit, size());
        return new LabelledImages(name(), images(0, n), labelled() ? labels(0, n) : new int[n]);
    }

    /**
     * @param count most images to keep
     * @return a view of the first {@code count} images (all if fewer), read on demand like this source; closing
     *         the view closes this source
     */
    default ImageSource first(int count) {
        return count >= size() ? this : new FirstImages(this, count);
    }

    /** Releases open files. */
    @Override
    void close();
}
