package dev.convoy.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The one median used by every timing report. */
public final class Statistics {
    private Statistics() {
    }

    /**
     * @param values at least one value
     * @return the median: the middle value, or the mean of the two middle values for an even count
     */
    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * @param values at least one value
     * @return the index of a run whose value is the upper middle one (a real run, so its per-layer figures
     *         belong together; for an even count the upper of the two middle runs)
     */
    public static int medianIndex(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        return order[values.length / 2];
    }
}
