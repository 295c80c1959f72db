package dev.convoy.manifold;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/** Exact k-nearest neighbours by squared Euclidean distance, and how well a map keeps them. */
public final class Neighbours {
    private Neighbours() {
    }

    /**
     * @param points n vectors of one length
     * @param k      neighbours per point (at most n − 1)
     * @return for every point, the indices of its k nearest other points, nearest first (ties by index)
     */
    public static int[][] nearest(double[][] points, int k) {
        int n = points.length;
        if (k > n - 1) {
            throw new IllegalArgumentException("k = " + k + " needs more than " + n + " points");
        }
        int[][] out = new int[n][];
        IntStream.range(0, n).parallel().forEach(i -> out[i] = nearestTo(points, points[i], i, k));
        return out;
    }

    /**
     * @param points  n vectors
     * @param query   a vector of the same length
     * @param exclude an index to leave out (the query's own), or −1
     * @param k       neighbours wanted
     * @return the k nearest, nearest first
     */
    public static int[] nearestTo(double[][] points, double[] query, int exclude, int k) {
        int n = points.length;
        double[] d = new double[n];
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            d[j] = j == exclude ? Double.POSITIVE_INFINITY : distance2(points[j], query);
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = order[j];
        }
        return out;
    }

    /**
     * @param a a vector
     * @param b another of the same length
     * @return the squared Euclidean distance
     */
    public static double distance2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /**
     * The mean fraction of each point's k nearest neighbours in the original space that are also among its k
     * nearest in the map (1 = every neighbourhood kept; a random map of n points scores about k/n).
     *
     * @param original the vectors
     * @param map      their 2-D (or any) images, same order
     * @param k        neighbourhood size
     * @return the preservation in [0, 1]
     */
    public static double preservation(double[][] original, double[][] map, int k) {
        int[][] a = nearest(original, k), b = nearest(map, k);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            java.util.Set<Integer> kept = new java.util.HashSet<>();
            for (int j : b[i]) {
                kept.add(j);
            }
            long shared = Arrays.stream(a[i]).filter(kept::contains).count();
            sum += (double) shared / k;
        }
        return sum / a.length;
    }

    /**
     * A Gaussian random projection: the linear map t-SNE is judged against.
     *
     * @param points n vectors
     * @param dims   output dimensions
     * @param seed   random seed
     * @return the projected points
     */
    public static double[][] randomProjection(double[][] points, int dims, long seed) {
        int d = points[0].length;
        Random r = new Random(seed);
        double[][] m = new double[dims][d];
        for (double[] row : m) {
            for (int i = 0; i < d; i++) {
                row[i] = r.nextGaussian();
            }
        }
        double[][] out = new double[points.length][dims];
        for (int i = 0; i < points.length; i++) {
            for (int k = 0; k < dims; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += m[k][j] * points[i][j];
                }
                out[i][k] = s;
            }
        }
        return out;
    }
}
