package dev.convoy.sim.bandwidth;

import static dev.convoy.sim.bandwidth.OperandAddresses.NONE;

/**
 * Weight-stationary demand ({@code systolic_compute_ws.py}): each fold holds an R × C block of filter words in
 * the array (loaded bottom row first over R cycles), then streams every pixel's window slice down the rows, skewed
 * one cycle per row, and the partial sums leave skewed one cycle per column. Sr = window, Sc = filters, T = pixels;
 * a fold lasts 2R + C + T − 2 cycles.
 */
final class WeightStationaryDemand extends FoldedDemand {
    WeightStationaryDemand(int arrayRows, int arrayCols, OperandAddresses ops) {
        super(arrayRows, arrayCols, ops, ops.window(), ops.filters(), ops.pixels(), arrayRows, arrayRows, arrayCols);
    }

    @Override
    public void row(long fold, long row, int[] ifmap, int[] filter, int[] ofmap) {
        long rf = rowFolds(), fr = fold % rf, fc = fold / rf;
        long t = ops.pixels();
        for (int c = 0; c < arrayRows; c++) {
            long b = row - c - arrayRows; // skewed, after R cycles of weight loading
            long col = fr * arrayRows + c;
            ifmap[c] = b >= 0 && b < t && col < ops.window() ? ops.ifmap(b, (int) col) : NONE;
        }
        for (int c = 0; c < arrayCols; c++) {
            long j = fr * arrayRows + (arrayRows - 1 - row); // bottom row of the block first
            long n = fc * arrayCols + c;
            filter[c] = row < arrayRows && j < ops.window() && n < ops.filters() ? ops.filter((int) j, (int) n) : NONE;
            long b = row - c - (2L * arrayRows - 1);
            ofmap[c] = b >= 0 && b < t && n < ops.filters() ? ops.ofmap(b, (int) n) : NONE;
        }
    }

    @Override
    public long ifmapPrefetch(WordSink sink) {
        long t = ops.pixels();
        return SystolicDemand.diagonals(rowFolds() * t, arrayRows, (r, c) -> {
            long col = (r / t) * arrayRows + c;
            return col < ops.window() ? ops.ifmap(r % t, (int) col) : NONE;
        }, sink);
    }

    @Override
    public long filterPrefetch(WordSink sink) {
        int sr = ops.window();
        return SystolicDemand.rowMajor(colFolds() * sr, arrayCols, (r, c) -> {
            long n = (r / sr) * arrayCols + c;
            return n < ops.filters() ? ops.filter((int) (r % sr), (int) n) : NONE;
        }, sink);
    }
}
