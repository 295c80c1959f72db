package dev.convoy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Where the committed fixtures and the dataset live, and small helpers the peer tests share. */
final class Fixtures {
    private static LabelledImages test;

    private Fixtures() {
    }

    static Path dir() {
        return Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    }

    static JsonNode metadata() throws IOException {
        return new ObjectMapper().readTree(dir().resolve("fixtures.json").toFile());
    }

    static synchronized LabelledImages testSet() {
        if (test == null) {
            test = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                    FashionMnist.Split.TEST);
        }
        return test;
    }

    /** @return standard-normal values of the given shape from a fixed seed */
    static Tensor random(dev.convoy.tensor.Shape shape, long seed) {
        Random r = new Random(seed);
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Tensor(shape, d);
    }

    /** @return the largest |a − b| over all elements, after checking the shapes agree */
    static double maxAbsDiff(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new AssertionError("shapes differ: " + a.shape() + " vs " + b.shape());
        }
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = Math.abs((double) a.data()[i] - b.data()[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            m = Math.max(m, d);
        }
        return m;
    }
}
