package dev.convoy.manifold;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Barnes-Hut t-SNE (van der Maaten, JMLR 2014): input affinities from each point's 3·perplexity nearest
 * neighbours with Gaussian widths found by bisection on the perplexity, symmetrised; the 2-D map by gradient
 * descent with momentum, per-coordinate gains and early exaggeration, repulsion summarised by a quadtree.
 * Deterministic for a given seed (forces are computed per point in parallel and summed in point order).
 *
 * <p>Written here because the maintained Java implementations are GPL-licensed (Smile) or unmaintained.
 *
 * @param perplexity effective neighbours per point (5..50 usual)
 * @param iterations gradient steps
 * @param theta      Barnes-Hut accuracy (0.5 usual; 0 = exact)
 * @param seed       seed of the initial map
 */
public record Tsne(double perplexity, int iterations, double theta, long seed) {
    private static final int EXAGGERATION_STEPS = 250;
    private static final double EXAGGERATION = 12;

    /** Checks the settings. */
    public Tsne {
        if (!(perplexity >= 1)) {
            throw new IllegalArgumentException("perplexity must be at least 1, got " + perplexity);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        if (!(theta >= 0)) {
            throw new IllegalArgumentException("theta must be at least 0, got " + theta);
        }
    }

    /** @return perplexity 30, 1,000 steps, theta 0.5, seed 0 */
    public static Tsne defaults() {
        return new Tsne(30, 1000, 0.5, 0);
    }

    /**
     * @param points   n ≥ 4 vectors of one length
     * @param progress told the step number after every 50 steps (may be null)
     * @return n 2-D points
     */
    public double[][] embed(double[][] points, java.util.function.IntConsumer progress) {
        int n = points.length;
        if (n < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
        }
        double perp = Math.min(perplexity, (n - 1) / 3.0);
        int k = Math.min(n - 1, (int) (3 * perp));
        int[][] nn = Neighbours.nearest(points, k);
        double[][] cond = new double[n][];
        IntStream.range(0, n).parallel().forEach(i -> cond[i] = conditional(points, i, nn[i], perp));
        // symmetric sparse P: p_ij = (p_j|i + p_i|j) / 2n, rows as (index, value) lists
        java.util.Map<Long, Double> sym = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                int j = nn[i][a];
                long key = i < j ? (long) i * n + j : (long) j * n + i;
                sym.merge(key, cond[i][a] / (2.0 * n), Double::sum);
            }
        }
        int[] rowStart = new int[n + 1];
        for (long key : sym.keySet()) {
            rowStart[(int) (key / n) + 1]++;
            rowStart[(int) (key % n) + 1]++;
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        int[] col = new int[rowStart[n]];
        double[] val = new double[rowStart[n]];
        int[] fill = rowStart.clone();
        java.util.List<Long> keys = new java.util.ArrayList<>(sym.keySet());
        java.util.Collections.sort(keys);
        for (long key : keys) {
            int i = (int) (key / n), j = (int) (key % n);
            double p = sym.get(key);
            col[fill[i]] = j;
            val[fill[i]++] = p;
            col[fill[j]] = i;
            val[fill[j]++] = p;
        }
        double[] y = new double[2 * n], update = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
        java.util.Arrays.fill(gains, 1);
        Random r = new Random(seed);
        for (int i = 0; i < 2 * n; i++) {
            y[i] = 1e-4 * r.nextGaussian();
        }
        double rate = Math.max(200, n / EXAGGERATION);
        double[] zParts = new double[n];
        for (int step = 0; step < iterations; step++) {
            double exaggeration = step < EXAGGERATION_STEPS ? EXAGGERATION : 1;
            double momentum = step < EXAGGERATION_STEPS ? 0.5 : 0.8;
            SpaceTree tree = SpaceTree.of(y);
            double[] rep = new double[2 * n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double[] f = new double[2];
                zParts[i] = tree.repulse(y[2 * i], y[2 * i + 1], theta, f);
                rep[2 * i] = f[0];
                rep[2 * i + 1] = f[1];
            });
            double z = 0;
            for (double part : zParts) {
                z += part;
            }
            final double zz = Math.max(z, Double.MIN_NORMAL);
            IntStream.range(0, n).parallel().forEach(i -> {
                double ax = 0, ay = 0;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int j = col[e];
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    ax += exaggeration * val[e] * q * dx;
                    ay += exaggeration * val[e] * q * dy;
                }
                grad[2 * i] = 4 * (ax - rep[2 * i] / zz);
                grad[2 * i + 1] = 4 * (ay - rep[2 * i + 1] / zz);
            });
            for (int c = 0; c < 2 * n; c++) {
                gains[c] = Math.signum(grad[c]) != Math.signum(update[c]) ? gains[c] + 0.2 : Math.max(0.01, gains[c] * 0.8);
                update[c] = momentum * update[c] - rate * gains[c] * grad[c];
                y[c] += update[c];
            }
            // keep the map centred (the objective does not see translation)
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) {
                mx += y[2 * i];
                my += y[2 * i + 1];
            }
            for (int i = 0; i < n; i++) {
                y[2 * i] -= mx / n;
                y[2 * i + 1] -= my / n;
            }
            if (progress != null && (step + 1) % 50 == 0) {
                progress.accept(step + 1);
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new double[] {y[2 * i], y[2 * i + 1]};
        }
        return out;
    }

    /** p_j|i over i's neighbours, the Gaussian width bisected until the entropy is log(perplexity). */
    private static double[] conditional(double[][] points, int i, int[] nn, double perplexity) {
        int k = nn.length;
        double[] d = new double[k];
        double dmin = Double.POSITIVE_INFINITY;
        for (int a = 0; a < k; a++) {
            d[a] = Neighbours.distance2(points[i], points[nn[a]]);
            dmin = Math.min(dmin, d[a]);
        }
        double target = Math.log(perplexity), beta = 1, lo = 0, hi = Double.POSITIVE_INFINITY;
        double[] p = new double[k];
        for (int iter = 0; iter < 200; iter++) {
            double sum = 0, dot = 0;
            for (int a = 0; a < k; a++) {
                // shifted by the nearest distance: the same distribution, without underflow for far-apart points
                p[a] = Math.exp(-beta * (d[a] - dmin));
                sum += p[a];
                dot += (d[a] - dmin) * p[a];
            }
            double entropy = Math.log(sum) + beta * dot / sum;
            for (int a = 0; a < k; a++) {
                p[a] /= sum;
            }
            if (Math.abs(entropy - target) < 1e-5) {
                break;
            }
            if (entropy > target) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        return p;
    }
}
