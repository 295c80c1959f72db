package dev.convoy.data;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * The first {@code count} images of a source, read through it on demand ({@code --limit N}, {@code --calib PATH:N}).
 *
 * @param source the whole source
 * @param count  how many of its images this view shows, 0 ≤ count ≤ source.size()
 */
record FirstImages(ImageSource source, int count) implements ImageSource {
    FirstImages {
        Objects.requireNonNull(source, "source");
        if (count < 0 || count > source.size()) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + source.size());
        }
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Shape imageShape() {
        return source.imageShape();
    }

    @Override
    public boolean labelled() {
        return source.labelled();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public Tensor images(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        return source.images(from, to);
    }

    @Override
    public int[] labels(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        return source.labels(from, to);
    }

    @Override
    public ImageSource first(int n) {
        return n >= count ? this : source.first(n);
    }

    @Override
    public void close() {
        source.close();
    }
}
