package dev.convoy.sim.bandwidth;

import static dev.convoy.sim.bandwidth.OperandAddresses.NONE;

/**
 * Output-stationary demand ({@code systolic_compute_os.py}): each fold maps R pixels × C filters onto the array;
 * the window streams in from the left (pixels, skewed per row) and the top (filters, skewed per column) over T
 * cycles, then the R finished rows leave bottom row first, skewed per column. Sr = pixels, Sc = filters,
 * T = window; a fold lasts R + C + T − 2 cycles.
 */
final class OutputStationaryDemand extends FoldedDemand {
    OutputStationaryDemand(int arrayRows, int arrayCols, OperandAddresses ops) {
        super(arrayRows, arrayCols, ops, ops.pixels(), ops.filters(), ops.window(), 0, arrayRows, arrayCols);
    }

    @Override
    public void row(long fold, long row, int[] ifmap, int[] filter, int[] ofmap) {
        long rf = rowFolds(), fr = fold % rf, fc = fold / rf;
        int t = ops.window();
        for (int c = 0; c < arrayRows; c++) {
            long b = row - c;
            long p = fr * arrayRows + c;
            ifmap[c] = b >= 0 && b < t && p < ops.pixels() ? ops.ifmap(p, (int) b) : NONE;
        }
        for (int c = 0; c < arrayCols; c++) {
            long b = row - c;
            long n = fc * arrayCols + c;
            filter[c] = b >= 0 && b < t && n < ops.filters() ? ops.filter((int) b, (int) n) : NONE;
            long k = b - (t - 1); // outputs leave after the window, last array row first
            long p = fr * arrayRows + (arrayRows - 1 - k);
            ofmap[c] = k >= 0 && k < arrayRows && p < ops.pixels() && n < ops.filters() ? ops.ofmap(p, (int) n) : NONE;
        }
    }

    @Override
    public long ifmapPrefetch(WordSink sink) {
        int t = ops.window();
        return SystolicDemand.diagonals(rowFolds() * t, arrayRows, (r, c) -> {
            long p = (r / t) * arrayRows + c;
            return p < ops.pixels() ? ops.ifmap(p, (int) (r % t)) : NONE;
        }, sink);
    }

    @Override
    public long filterPrefetch(WordSink sink) {
        int t = ops.window();
        return SystolicDemand.diagonals(colFolds() * t, arrayCols, (r, c) -> {
            long n = (r / t) * arrayCols + c;
            return n < ops.filters() ? ops.filter((int) (r % t), (int) n) : NONE;
        }, sink);
    }
}
