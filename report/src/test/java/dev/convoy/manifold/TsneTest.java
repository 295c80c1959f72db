package dev.convoy.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Barnes-Hut t-SNE separates what is separate, keeps neighbourhoods, and is deterministic. */
class TsneTest {
    /** Five Gaussian clusters in 20-D, 60 points each, centres 10 apart, unit spread. */
    private static double[][] clusters(int[] labels) {
        Random r = new Random(7);
        double[][] centres = new double[5][20];
        for (double[] c : centres) {
            for (int i = 0; i < c.length; i++) {
                c[i] = 10 * r.nextGaussian();
            }
        }
        double[][] x = new double[300][20];
        for (int i = 0; i < 300; i++) {
            labels[i] = i % 5;
            for (int d = 0; d < 20; d++) {
                x[i][d] = centres[i % 5][d] + r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void clustersStaySeparateAndNeighbourhoodsAreKept() {
        int[] labels = new int[300];
        double[][] x = clusters(labels);
        double[][] y = new Tsne(30, 500, 0.5, 0).embed(x, null);
        // every point's nearest map neighbour is of its own cluster
        int[][] nn = Neighbours.nearest(y, 1);
        for (int i = 0; i < y.length; i++) {
            assertEquals(labels[i], labels[nn[i][0]], "point " + i);
        }
        double tsne = Neighbours.preservation(x, y, 10), random = Neighbours.preservation(x, Neighbours.randomProjection(x, 2, 3), 10);
        assertTrue(tsne > random, tsne + " vs random projection " + random);
    }

    @Test
    void barnesHutAgreesWithTheExactGradientOnTheOutcome() {
        int[] labels = new int[300];
        double[][] x = clusters(labels);
        double exact = Neighbours.preservation(x, new Tsne(30, 300, 0, 0).embed(x, null), 10);
        double approx = Neighbours.preservation(x, new Tsne(30, 300, 0.5, 0).embed(x, null), 10);
        assertEquals(exact, approx, 0.1, "theta 0.5 against exact repulsion");
    }

    @Test
    void sameSeedSameMap() {
        int[] labels = new int[300];
        double[][] x = clusters(labels);
        double[][] a = new Tsne(10, 100, 0.5, 4).embed(x, null), b = new Tsne(10, 100, 0.5, 4).embed(x, null);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tsne(0.5, 10, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tsne(30, 0, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tsne(30, 10, 0.5, 0).embed(new double[3][2], null));
    }

    @Test
    void preservationIsOneForTheIdentityAndNearestIsExact() {
        double[][] p = {{0, 0}, {1, 0}, {5, 0}, {5, 1}, {9, 9}};
        assertEquals(1.0, Neighbours.preservation(p, p, 2), 0.0);
        assertArrayEquals(new int[] {3, 1}, Neighbours.nearestTo(p, new double[] {5, 0.4}, 2, 2));
    }
}
