package dev.convoy.visual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The input changes do exactly what their names say. */
class AugmentationsTest {
    private static final Planes P = new Planes(2, 3, 4);

    private static Tensor ramp() {
        float[] d = new float[2 * P.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new Tensor(Shape.of(2, 2, 3, 4), d);
    }

    @Test
    void shiftMovesPixelsAndFillsPerChannel() {
        Tensor s = Augmentations.shift(ramp(), P, 1, 2, new float[] {-1, -2});
        float[] d = s.data();
        // image 0, channel 0: row 0 and the first two columns are filled, the rest come from (y − 1, x − 2)
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1, 0, 1, -1, -1, 4, 5}, java.util.Arrays.copyOfRange(d, 0, 12));
        assertEquals(-2, d[12]);
        // image 1, channel 1, pixel (2, 3) comes from its own (1, 1)
        assertEquals(24 + 12 + 4 + 1, d[24 + 12 + 2 * 4 + 3]);
    }

    @Test
    void flipTwiceIsTheIdentity() {
        Tensor x = ramp();
        Tensor f = Augmentations.flip(x, P);
        assertEquals(3, f.data()[0]);
        assertArrayEquals(x.data(), Augmentations.flip(f, P).data());
    }

    @Test
    void rotationByZeroIsTheIdentityAndBy180ReversesEachPlane() {
        Tensor x = ramp();
        assertArrayEquals(x.data(), Augmentations.rotate(x, P, 0, new float[] {0, 0}).data(), 1e-5f);
        float[] r = Augmentations.rotate(x, P, 180, new float[] {0, 0}).data();
        for (int i = 0; i < P.area(); i++) {
            assertEquals(x.data()[P.area() - 1 - i], r[i], 1e-4);
        }
    }

    @Test
    void noiseDependsOnTheImageNotTheBatch() {
        Tensor x = ramp();
        float[] sigma = {1, 1};
        Tensor both = Augmentations.noise(x, P, sigma, 5);
        Tensor second = Augmentations.noise(new Tensor(Shape.of(1, 2, 3, 4), java.util.Arrays.copyOfRange(x.data(), P.size(), 2 * P.size())), P,
                sigma, 6);
        assertArrayEquals(java.util.Arrays.copyOfRange(both.data(), P.size(), 2 * P.size()), second.data());
        assertNotEquals(x.data()[0], both.data()[0]);
    }
}
