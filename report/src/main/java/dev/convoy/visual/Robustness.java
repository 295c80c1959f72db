package dev.convoy.visual;

import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.Progress;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Top-1 of the fp32 and quantized models, and how often they disagree, as the inputs are shifted, flipped,
 * made noisy and rotated. Every condition runs on the same images, so the curves compare directly and shift 0
 * is the plain evaluation.
 */
public final class Robustness {
    private Robustness() {
    }

    /**
     * One condition's result.
     *
     * @param family       shift, flip, noise or rotation
     * @param amount       pixels, 0/1, σ in units of each channel's standard deviation, or degrees
     * @param fp32Top1     fraction of images the fp32 model classifies right
     * @param quantizedTop1 the same for the quantized model
     * @param disagreement fraction where the two predict different classes
     */
    public record Point(String family, double amount, double fp32Top1, double quantizedTop1, double disagreement) {
    }

    /**
     * The conditions measured.
     *
     * @param maxShift  shifts of 0..maxShift pixels, each the mean over left, right, up and down
     * @param noise     σ values, as fractions of each channel's standard deviation over the images
     * @param rotations angles in degrees, each the mean of ± the angle
     */
    public record Conditions(int maxShift, double[] noise, double[] rotations) {
        /** @return shifts 0..4, noise 0.1, 0.25, 0.5 and 1 σ, rotations 5, 10, 15 and 30 degrees */
        public static Conditions defaults() {
            return new Conditions(4, new double[] {0.1, 0.25, 0.5, 1.0}, new double[] {5, 10, 15, 30});
        }
    }

    /**
     * @param probe      both models
     * @param images     [N, ...] inputs
     * @param labels     their classes
     * @param conditions what to measure
     * @param batch      images per run
     * @param progress   told per condition
     * @return one point per condition: shifts 0..k, flip (amount 1), noise, rotations
     */
    public static List<Point> measure(Probe probe, Tensor images, int[] labels, Conditions conditions, int batch, Progress progress) {
        Planes p = Planes.of(images.shape().dropFirst());
        float[] fill = InputStatistics.minimum(images, p), std = InputStatistics.deviation(images, p);
        List<Point> out = new ArrayList<>();
        int total = conditions.maxShift() + 2 + conditions.noise().length + conditions.rotations().length;
        for (int s = 0; s <= conditions.maxShift(); s++) {
            int k = s;
            List<View> views = s == 0 ? List.of((i, x) -> x) : List.of((i, x) -> Augmentations.shift(x, p, 0, k, fill),
                    (i, x) -> Augmentations.shift(x, p, 0, -k, fill), (i, x) -> Augmentations.shift(x, p, k, 0, fill),
                    (i, x) -> Augmentations.shift(x, p, -k, 0, fill));
            out.add(point(probe, images, labels, "shift", s, views, batch));
            progress.update(out.size(), total);
        }
        out.add(point(probe, images, labels, "flip", 1, List.of((i, x) -> Augmentations.flip(x, p)), batch));
        progress.update(out.size(), total);
        for (double sigma : conditions.noise()) {
            float[] sd = new float[std.length];
            for (int c = 0; c < sd.length; c++) {
                sd[c] = (float) (sigma * std[c]);
            }
            long seed = 1_000_003L * Double.doubleToLongBits(sigma);
            out.add(point(probe, images, labels, "noise", sigma, List.of((i, x) -> Augmentations.noise(x, p, sd, seed + i)), batch));
            progress.update(out.size(), total);
        }
        for (double deg : conditions.rotations()) {
            out.add(point(probe, images, labels, "rotation", deg, List.of((i, x) -> Augmentations.rotate(x, p, deg, fill),
                    (i, x) -> Augmentations.rotate(x, p, -deg, fill)), batch));
            progress.update(out.size(), total);
        }
        return out;
    }

    /** An input change; {@code first} is the index of the batch's first image in the set. */
    @FunctionalInterface
    private interface View {
        Tensor apply(int first, Tensor batch);
    }

    private static Point point(Probe probe, Tensor images, int[] labels, String family, double amount, List<View> views,
                               int batch) {
        int n = labels.length;
        long rightF = 0, rightQ = 0, differ = 0;
        for (View view : views) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                Tensor x = view.apply(from, images.samples(from, to));
                Tensor f = probe.fp32(x), q = probe.quantized(x);
                int classes = f.size() / (to - from);
                for (int i = 0; i < to - from; i++) {
                    int pf = BatchedRun.argmax(f.data(), i * classes, classes), pq = BatchedRun.argmax(q.data(), i * classes, classes);
                    rightF += pf == labels[from + i] ? 1 : 0;
                    rightQ += pq == labels[from + i] ? 1 : 0;
                    differ += pf != pq ? 1 : 0;
                }
            }
        }
        double total = (double) n * views.size();
        return new Point(family, amount, rightF / total, rightQ / total, differ / total);
    }
}
