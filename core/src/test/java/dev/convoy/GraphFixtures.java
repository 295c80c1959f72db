package dev.convoy;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Random;

/** Seeded random tensors for graphs built in code. */
public final class GraphFixtures {
    private GraphFixtures() {
    }

    /**
     * @param seed  generator seed
     * @param dims  shape
     * @return N(0,1) values
     */
    public static Tensor random(long seed, int... dims) {
        Random r = new Random(seed);
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Tensor(s, d);
    }

    /**
     * @param seed generator seed
     * @param n    length
     * @param lo   lower bound
     * @param hi   upper bound
     * @return uniform values in [lo, hi)
     */
    public static float[] uniform(long seed, int n, float lo, float hi) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = lo + (hi - lo) * r.nextFloat();
        }
        return d;
    }

    /** @return the repository's fixtures directory (the root POM passes it to Surefire) */
    public static java.nio.file.Path fixtures() {
        java.nio.file.Path p = java.nio.file.Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        return java.nio.file.Files.isDirectory(p) ? p : java.nio.file.Path.of("../fixtures");
    }

    /** @return the largest absolute elementwise difference */
    public static double maxAbsDiff(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new AssertionError(a.shape() + " vs " + b.shape());
        }
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }
}
