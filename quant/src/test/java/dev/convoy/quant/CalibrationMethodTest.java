package dev.convoy.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The calibration methods on distributions whose right answer is known. */
class CalibrationMethodTest {
    private static Histogram histogram(float[] v) {
        float max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        Histogram h = new Histogram(max, Histogram.BINS);
        h.add(v, 0, v.length);
        return h;
    }

    private static float[] uniform(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static float[] halfNormal(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.max(0, r.nextGaussian()); // a ReLU after N(0,1): half the values are 0
        }
        return v;
    }

    @Test
    void minMaxIsTheObservedRange() {
        Histogram h = histogram(new float[] {-2f, 0.5f, 3f});
        assertEquals(new Range(-2, 3), new CalibrationMethod.MinMax().select(h, 8));
    }

    @Test
    void percentileOfUniformIsProportional() {
        Histogram h = histogram(uniform(1_000_000, 1));
        double t = new CalibrationMethod.Percentile(50).select(h, 8).max();
        assertEquals(0.5, t, 2 * h.binWidth());
        assertEquals(h.observed().max(), new CalibrationMethod.Percentile(100).select(h, 8).max(), 1e-9);
    }

    @Test
    void klKeepsAUniformDistributionWhole() {
        // every bin equally full: quantizing the full range loses nothing KL can see, clipping does
        Histogram h = histogram(uniform(2_000_000, 2));
        assertTrue(new CalibrationMethod.Kl().select(h, 8).max() > 0.95 * h.observed().max());
    }

    @Test
    void klClipsTheTailOfAHalfNormal() {
        // TensorRT-style entropy calibration clips a ReLU'd Gaussian well inside its maximum (≈5σ here)
        Histogram h = histogram(halfNormal(1_000_000, 3));
        double t = new CalibrationMethod.Kl().select(h, 8).max();
        assertTrue(t > 1.5 && t < 4.0, "threshold " + t);
    }

    @Test
    void mseClipsLessAtHigherPrecision() {
        Histogram h = histogram(halfNormal(1_000_000, 4));
        double t4 = new CalibrationMethod.Mse().select(h, 4).max();
        double t8 = new CalibrationMethod.Mse().select(h, 8).max();
        assertTrue(t4 < t8, "4-bit threshold " + t4 + " should clip more than 8-bit " + t8);
        assertTrue(t8 <= h.observed().max());
    }

    @Test
    void parsingNamesTheOption() {
        assertEquals(new CalibrationMethod.Percentile(99.9), CalibrationMethod.parse("percentile:99.9"));
        assertEquals(new CalibrationMethod.Kl(), CalibrationMethod.parse("KL"));
        BadInputException e = assertThrows(BadInputException.class, () -> CalibrationMethod.parse("median"));
        assertTrue(e.getMessage().startsWith("median is not one of"), e.getMessage()); // the library names the value; the CLI adds the flag
    }
}
