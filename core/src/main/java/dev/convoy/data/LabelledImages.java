package dev.convoy.data;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Arrays;

/**
 * Images with their class labels.
 *
 * @param name   where they came from, for reports
 * @param images [N, C, H, W], pixels scaled to [0, 1]
 * @param labels N class indices
 */
public record LabelledImages(String name, Tensor images, int[] labels) implements ImageSource {
    /** Checks one label per image. */
    public LabelledImages {
        if (images.shape().dim(0) != labels.length) {
            throw new IllegalArgumentException(images.shape().dim(0) + " images but " + labels.length + " labels");
        }
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return one image's shape, [C, H, W] */
    public Shape imageShape() {
        return images.shape().dropFirst();
    }

    /**
     * @param from first image, inclusive
     * @param to   last image, exclusive
     * @return those images as a batch [to − from, C, H, W] (copied)
     */
    public Tensor batch(int from, int to) {
        return images.samples(from, to);
    }

    /**
     * @param count how many to keep
     * @return the first {@code count} images (all if fewer)
     */
    public LabelledImages first(int count) {
        int n = Math.min(count, size());
        return new LabelledImages(name, batch(0, n), Arrays.copyOf(labels, n));
    }

    @Override
    public boolean labelled() {
        return true;
    }

    @Override
    public java.util.List<String> classNames() {
        return java.util.List.of();
    }

    @Override
    public Tensor images(int from, int to) {
        return batch(from, to);
    }

    @Override
    public int[] labels(int from, int to) {
        return Arrays.copyOfRange(labels, from, to);
    }

    @Override
    public LabelledImages load(int limit) {
        return limit < 0 ? this : first(limit);
    }

    /** Nothing to release: the images are in memory. */
    @Override
    public void close() {
    }
}
