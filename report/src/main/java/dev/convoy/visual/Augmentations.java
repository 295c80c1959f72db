package dev.convoy.visual;

import dev.convoy.tensor.Tensor;
import java.util.Random;

/**
 * The input changes CNNs are trained to shrug off, applied to batches of network inputs [N, C, H, W] (any
 * per-sample shape, read as {@link Planes}). Pixels moved in from outside the image take a per-channel fill
 * value (the report uses the darkest value of each channel in the evaluation set: zero-padding in pixel space,
 * whatever normalisation followed).
 */
public final class Augmentations {
    private Augmentations() {
    }

    /**
     * @param x    [N, ...] inputs
     * @param p    their per-sample geometry
     * @param dy   rows down (negative: up)
     * @param dx   columns right (negative: left)
     * @param fill per-channel value for uncovered pixels
     * @return the shifted inputs
     */
    public static Tensor shift(Tensor x, Planes p, int dy, int dx, float[] fill) {
        float[] in = x.data(), out = new float[in.length];
        int n = in.length / p.size();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < p.channels(); c++) {
                int base = s * p.size() + c * p.area();
                for (int y = 0; y < p.height(); y++) {
                    for (int xx = 0; xx < p.width(); xx++) {
                        int sy = y - dy, sx = xx - dx;
                        boolean inside = sy >= 0 && sy < p.height() && sx >= 0 && sx < p.width();
                        out[base + y * p.width() + xx] = inside ? in[base + sy * p.width() + sx] : fill[c];
                    }
                }
            }
        }
        return new Tensor(x.shape(), out);
    }

    /**
     * @param x [N, ...] inputs
     * @param p their geometry
     * @return each image mirrored left to right
     */
    public static Tensor flip(Tensor x, Planes p) {
        float[] in = x.data(), out = new float[in.length];
        for (int row = 0; row < in.length / p.width(); row++) {
            for (int xx = 0; xx < p.width(); xx++) {
                out[row * p.width() + xx] = in[row * p.width() + p.width() - 1 - xx];
            }
        }
        return new Tensor(x.shape(), out);
    }

    /**
     * @param x     [N, ...] inputs
     * @param p     their geometry
     * @param sigma per-channel standard deviation of the added noise
     * @param seed  random seed of the first image; image i of the batch uses seed + i, so an image gets the same
     *              noise however the set is batched
     * @return x plus Gaussian noise
     */
    public static Tensor noise(Tensor x, Planes p, float[] sigma, long seed) {
        float[] in = x.data(), out = new float[in.length];
        for (int s = 0; s < in.length / p.size(); s++) {
            Random r = new Random(seed + s);
            for (int i = s * p.size(); i < (s + 1) * p.size(); i++) {
                int c = (i % p.size()) / p.area();
                out[i] = in[i] + (float) (sigma[c] * r.nextGaussian());
            }
        }
        return new Tensor(x.shape(), out);
    }

    /**
     * Rotation about the image centre with bilinear interpolation.
     *
     * @param x       [N, ...] inputs
     * @param p       their geometry
     * @param degrees counter-clockwise angle
     * @param fill    per-channel value outside the source image
     * @return the rotated inputs
     */
    public static Tensor rotate(Tensor x, Planes p, double degrees, float[] fill) {
        float[] in = x.data(), out = new float[in.length];
        double a = Math.toRadians(degrees), cos = Math.cos(a), sin = Math.sin(a);
        double cy = (p.height() - 1) / 2.0, cx = (p.width() - 1) / 2.0;
        int n = in.length / p.size();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < p.channels(); c++) {
                int base = s * p.size() + c * p.area();
                for (int y = 0; y < p.height(); y++) {
                    for (int xx = 0; xx < p.width(); xx++) {
                        // the source of each output pixel: the inverse rotation
                        double u = cos * (xx - cx) - sin * (y - cy) + cx, v = sin * (xx - cx) + cos * (y - cy) + cy;
                        out[base + y * p.width() + xx] = bilinear(in, base, p, v, u, fill[c]);
                    }
                }
            }
        }
        return new Tensor(x.shape(), out);
    }

    private static float bilinear(float[] in, int base, Planes p, double y, double x, float fill) {
        int y0 = (int) Math.floor(y), x0 = (int) Math.floor(x);
        double fy = y - y0, fx = x - x0;
        double v = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int yy = y0 + dy, xx = x0 + dx;
                double w = (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx);
                float s = yy >= 0 && yy < p.height() && xx >= 0 && xx < p.width() ? in[base + yy * p.width() + xx] : fill;
                v += w * s;
            }
        }
        return (float) v;
    }
}
