package dev.convoy.quant;

import dev.convoy.BadInputException;

/**
 * How a tensor's quantization range is chosen from the values seen on calibration images.
 */
public sealed interface CalibrationMethod extends java.io.Serializable {
    /**
     * @param h    the tensor's |x| histogram and observed range
     * @param bits the target width (levels the range is divided into)
     * @return the range to quantize onto
     */
    Range select(Histogram h, int bits);

    /** @return the name as the command line spells it */
    String spec();

    /**
     * @param text minmax, percentile:P, kl or mse
     * @return the method
     */
    static CalibrationMethod parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "minmax":
                return new MinMax();
            case "kl":
            case "entropy":
                return new Kl();
            case "mse":
                return new Mse();
            default:
                if (t.startsWith("percentile:") || t.equals("percentile")) {
                    double p = 99.99;
                    if (t.contains(":")) {
                        try {
                            p = Double.parseDouble(t.substring(t.indexOf(':') + 1));
                        } catch (NumberFormatException e) {
                            throw new BadInputException(text + ": P must be a number, e.g. percentile:99.99");
                        }
                    }
                    if (!(p > 0 && p <= 100)) {
                        throw new BadInputException(text + ": P must be in (0, 100]");
                    }
                    return new Percentile(p);
                }
                throw new BadInputException(text + " is not one of minmax, percentile:P, kl, mse");
        }
    }

    /** The observed minimum and maximum (ORT's default, TensorRT's MinMax calibrator). */
    record MinMax() implements CalibrationMethod {
        @Override
        public Range select(Histogram h, int bits) {
            return h.observed();
        }

        @Override
        public String spec() {
            return "minmax";
        }
    }

    /**
     * Clip |x| at its P-th percentile.
     *
     * @param percent P in (0, 100]
     */
    record Percentile(double percent) implements CalibrationMethod {
        @Override
        public Range select(Histogram h, int bits) {
            long[] c = h.counts();
            long target = (long) Math.ceil(h.total() * percent / 100.0);
            long seen = 0;
            for (int i = 0; i < c.length; i++) {
                seen += c[i];
                if (seen >= target) {
                    return h.observed().clip((i + 1) * h.binWidth());
                }
            }
            return h.observed();
        }

        @Override
        public String spec() {
            return "percentile:" + percent;
        }
    }

    /**
     * TensorRT's entropy calibration (Migacz, GTC 2017): over candidate thresholds of at least 128 bins, the
     * one minimising KL(P‖Q) between the clipped |x| distribution P (tail folded into the last bin) and its
     * quantization Q to 2^(bits−1) levels.
     */
    record Kl() implements CalibrationMethod {
        @Override
        public Range select(Histogram h, int bits) {
            long[] hist = h.counts().clone();
            // the spike of exact zeros after a ReLU would dominate every candidate; like NVIDIA's
            // pytorch-quantization entropy calibrator, let the first bin count like its neighbour
            if (hist.length > 1) {
                hist[0] = hist[1];
            }
            int levels = 1 << (bits - 1);
            if (levels >= hist.length || h.total() == 0 || java.util.Arrays.stream(hist).sum() == 0) {
                return h.observed(); // finer than the histogram: no clipping helps
            }
            double bestKl = Double.POSITIVE_INFINITY;
            int best = hist.length;
            for (int i = levels; i <= hist.length; i++) {
                double kl = divergence(hist, i, levels);
                if (kl < bestKl) {
                    bestKl = kl;
                    best = i;
                }
            }
            return h.observed().clip((best + 0.5) * h.binWidth());
        }

        static double divergence(long[] hist, int i, int levels) {
            double[] p = new double[i];
            for (int k = 0; k < i; k++) {
                p[k] = hist[k];
            }
            for (int k = i; k < hist.length; k++) {
                p[i - 1] += hist[k];
            }
            double[] q = new double[i];
            double merged = (double) i / levels;
            for (int j = 0; j < levels; j++) {
                int start = (int) Math.floor(j * merged);
                int end = (int) Math.floor((j + 1) * merged);
                if (j == levels - 1) {
                    end = i;
                }
                double sum = 0;
                int nonZero = 0;
                for (int k = start; k < end; k++) {
                    sum += hist[k];
                    if (hist[k] != 0) {
                        nonZero++;
                    }
                }
                for (int k = start; k < end; k++) {
                    q[k] = hist[k] == 0 || nonZero == 0 ? 0 : sum / nonZero;
                }
            }
            normalise(p);
            normalise(q);
            if (!smooth(p) || !smooth(q)) {
                return Double.POSITIVE_INFINITY;
            }
            double kl = 0;
            for (int k = 0; k < i; k++) {
                kl += p[k] * Math.log(p[k] / q[k]);
            }
            return kl;
        }

        private static void normalise(double[] d) {
            double sum = 0;
            for (double v : d) {
                sum += v;
            }
            if (sum > 0) {
                for (int k = 0; k < d.length; k++) {
                    d[k] /= sum;
                }
            }
        }

        /**
         * MXNet's smoothing of a distribution before KL: every empty bin gets ε = 1e−4, taken evenly from the
         * non-empty ones, so KL stays finite where one distribution has mass the other lacks.
         *
         * @return false when there is nothing to smooth (all bins empty, or too little mass to lend)
         */
        private static boolean smooth(double[] d) {
            final double eps = 1e-4;
            int zeros = 0;
            for (double v : d) {
                zeros += v == 0 ? 1 : 0;
            }
            int nonZeros = d.length - zeros;
            if (nonZeros == 0) {
                return false;
            }
            double take = eps * zeros / nonZeros;
            for (int k = 0; k < d.length; k++) {
                if (d[k] == 0) {
                    d[k] = eps;
                } else {
                    d[k] -= take;
                    if (d[k] <= 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public String spec() {
            return "kl";
        }
    }

    /**
     * The clipping threshold minimising the mean squared quantization error over the histogram
     * (NVIDIA ModelOpt "mse", AMD Quark "MinMSE"): rounding error inside the range plus clipping error.
     */
    record Mse() implements CalibrationMethod {
        @Override
        public Range select(Histogram h, int bits) {
            Range full = h.observed();
            double bestErr = Double.POSITIVE_INFINITY;
            Range best = full;
            long[] c = h.counts();
            double w = h.binWidth();
            for (int k = 32; k <= c.length; k += 16) {
                Range r = full.clip(k * w);
                double span = Math.max(r.max() - r.min(), 1e-12);
                double step = span / ((1 << bits) - 1);
                double err = 0;
                for (int b = 0; b < c.length; b++) {
                    if (c[b] == 0) {
                        continue;
                    }
                    double x = (b + 0.5) * w; // |x| at the bin centre; clipping uses the larger side
                    double hi = Math.max(Math.abs(r.max()), Math.abs(r.min()));
                    double e = x > hi ? (x - hi) * (x - hi) : step * step / 12;
                    err += c[b] * e;
                }
                if (err < bestErr) {
                    bestErr = err;
                    best = r;
                }
            }
            return best;
        }

        @Override
        public String spec() {
            return "mse";
        }
    }
}
