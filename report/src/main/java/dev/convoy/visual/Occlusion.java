package dev.convoy.visual;

import dev.convoy.tensor.Tensor;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus, ECCV 2014): a square patch of one per-channel value slides over the
 * image; at each position both models score the true class, and every pixel gets the mean drop of that score over
 * the patches covering it. High where the evidence is.
 */
public final class Occlusion {
    private Occlusion() {
    }

    /**
     * A heatmap pair.
     *
     * @param height         rows (the input's)
     * @param width          columns
     * @param label          the class scored
     * @param fp32Score      the fp32 model's score of the unoccluded image (its output value for label)
     * @param quantizedScore the quantized model's
     * @param fp32Drop       per pixel, the mean fp32 score drop
     * @param quantizedDrop  per pixel, the quantized score drop
     */
    public record Map(int height, int width, int label, double fp32Score, double quantizedScore, float[] fp32Drop, float[] quantizedDrop) {
    }

    /**
     * @param probe  both models
     * @param image  one input [1, ...]
     * @param label  the class to score
     * @param patch  patch side, pixels
     * @param stride patch step, pixels
     * @param fill   per-channel patch value
     * @param batch  occluded images per run
     * @return the heatmaps
     */
    public static Map compute(Probe probe, Tensor image, int label, int patch, int stride, float[] fill, int batch) {
        Planes p = Planes.of(image.shape().dropFirst());
        int ph = Math.min(patch, p.height()), pw = Math.min(patch, p.width());
        int sy = Math.max(1, stride), sx = Math.max(1, stride);
        java.util.List<int[]> positions = new java.util.ArrayList<>();
        // the last row and column of positions sit on the far edges, so every pixel is covered
        java.util.TreeSet<Integer> ys = new java.util.TreeSet<>(), xs = new java.util.TreeSet<>();
        for (int y = 0; y + ph <= p.height(); y += sy) {
            ys.add(y);
        }
        ys.add(p.height() - ph);
        for (int x = 0; x + pw <= p.width(); x += sx) {
            xs.add(x);
        }
        xs.add(p.width() - pw);
        for (int y : ys) {
            for (int x : xs) {
                positions.add(new int[] {y, x});
            }
        }
        double f0 = score(probe.fp32(image), 0, label), q0 = score(probe.quantized(image), 0, label);
        double[] fSum = new double[p.area()], qSum = new double[p.area()];
        int[] cover = new int[p.area()];
        for (int from = 0; from < positions.size(); from += batch) {
            int to = Math.min(positions.size(), from + batch);
            float[] x = new float[(to - from) * p.size()];
            for (int i = from; i < to; i++) {
                int base = (i - from) * p.size();
                System.arraycopy(image.data(), 0, x, base, p.size());
                int[] at = positions.get(i);
                for (int c = 0; c < p.channels(); c++) {
                    for (int y = at[0]; y < at[0] + ph; y++) {
                        java.util.Arrays.fill(x, base + c * p.area() + y * p.width() + at[1], base + c * p.area() + y * p.width() + at[1] + pw, fill[c]);
                    }
                }
            }
            Tensor batchIn = new Tensor(image.shape().dropFirst().withBatch(to - from), x);
            Tensor f = probe.fp32(batchIn), q = probe.quantized(batchIn);
            int classes = f.size() / (to - from);
            for (int i = from; i < to; i++) {
                double df = f0 - score(f, (i - from) * classes, label), dq = q0 - score(q, (i - from) * classes, label);
                int[] at = positions.get(i);
                for (int y = at[0]; y < at[0] + ph; y++) {
                    for (int xx = at[1]; xx < at[1] + pw; xx++) {
                        fSum[y * p.width() + xx] += df;
                        qSum[y * p.width() + xx] += dq;
                        cover[y * p.width() + xx]++;
                    }
                }
            }
        }
        float[] fd = new float[p.area()], qd = new float[p.area()];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = cover[i] == 0 ? 0 : (float) (fSum[i] / cover[i]);
            qd[i] = cover[i] == 0 ? 0 : (float) (qSum[i] / cover[i]);
        }
        return new Map(p.height(), p.width(), label, f0, q0, fd, qd);
    }

    private static double score(Tensor out, int offset, int label) {
        return out.data()[offset + label];
    }

    /**
     * @param images [N, ...] inputs
     * @return per channel, the mean value of the images' one-pixel frame: the background, so that covering
     *     background changes nothing (grey-ish for natural photographs, black for objects on black)
     */
    public static float[] borderFill(Tensor images) {
        Planes p = Planes.of(images.shape().dropFirst());
        double[] s = new double[p.channels()];
        long[] count = new long[p.channels()];
        float[] d = images.data();
        for (int i = 0; i < d.length; i++) {
            int c = (i % p.size()) / p.area(), y = (i % p.area()) / p.width(), x = i % p.width();
            if (y == 0 || x == 0 || y == p.height() - 1 || x == p.width() - 1) {
                s[c] += d[i];
                count[c]++;
            }
        }
        float[] out = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            out[c] = (float) (s[c] / Math.max(1, count[c]));
        }
        return out;
    }

    /**
     * @param images [N, ...] inputs
     * @return per channel, their mean value: the patch fill Zeiler and Fergus use (grey)
     */
    public static float[] meanFill(Tensor images) {
        return InputStatistics.mean(images, Planes.of(images.shape().dropFirst()));
    }
}
