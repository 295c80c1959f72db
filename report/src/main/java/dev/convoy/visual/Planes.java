package dev.convoy.visual;

import dev.convoy.tensor.Shape;

/**
 * A per-sample shape read as channels of 2-D planes: [C, H, W] as it is, [C, L] as C planes of one row, [L] as
 * one row, and a higher rank with its leading axes folded into channels.
 *
 * @param channels C
 * @param height   H
 * @param width    W
 */
public record Planes(int channels, int height, int width) {
    /**
     * @param s a per-sample shape
     * @return it as planes
     */
    public static Planes of(Shape s) {
        int r = s.rank();
        if (r == 0) {
            return new Planes(1, 1, 1);
        }
        if (r == 1) {
            return new Planes(1, 1, s.dim(0));
        }
        if (r == 2) {
            return new Planes(s.dim(0), 1, s.dim(1));
        }
        int c = 1;
        for (int i = 0; i < r - 2; i++) {
            c *= s.dim(i);
        }
        return new Planes(c, s.dim(r - 2), s.dim(r - 1));
    }

    /** @return values per plane */
    public int area() {
        return height * width;
    }

    /** @return values per sample */
    public int size() {
        return channels * height * width;
    }
}
