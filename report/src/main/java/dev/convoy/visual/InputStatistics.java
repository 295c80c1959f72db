package dev.convoy.visual;

import dev.convoy.tensor.Tensor;

/** Per-channel statistics of a set of network inputs. */
final class InputStatistics {
    private InputStatistics() {
    }

    /** @return per channel, the smallest input value (the fill for pixels moved in from outside) */
    static float[] minimum(Tensor x, Planes p) {
        float[] m = new float[p.channels()];
        java.util.Arrays.fill(m, Float.POSITIVE_INFINITY);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            int c = (i % p.size()) / p.area();
            m[c] = Math.min(m[c], d[i]);
        }
        return m;
    }

    /** @return per channel, the mean input value (Zeiler and Fergus's grey) */
    static float[] mean(Tensor x, Planes p) {
        double[] s = new double[p.channels()];
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            s[(i % p.size()) / p.area()] += d[i];
        }
        float[] m = new float[s.length];
        long per = d.length / p.channels();
        for (int c = 0; c < s.length; c++) {
            m[c] = (float) (s[c] / per);
        }
        return m;
    }

    /** @return per channel, the standard deviation of the input values */
    static float[] deviation(Tensor x, Planes p) {
        float[] mean = mean(x, p);
        double[] s = new double[p.channels()];
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            int c = (i % p.size()) / p.area();
            s[c] += (d[i] - mean[c]) * (double) (d[i] - mean[c]);
        }
        float[] out = new float[s.length];
        long per = d.length / p.channels();
        for (int c = 0; c < s.length; c++) {
            out[c] = (float) Math.sqrt(s[c] / per);
        }
        return out;
    }
}
