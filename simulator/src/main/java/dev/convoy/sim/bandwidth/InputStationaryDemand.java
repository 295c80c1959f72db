package dev.convoy.sim.bandwidth;

import static dev.convoy.sim.bandwidth.OperandAddresses.NONE;

/**
 * Input-stationary demand ({@code systolic_compute_is.py}): weight-stationary with the operands exchanged — each
 * fold holds an R × C block of ifmap words (window slice × pixels, loaded bottom row first), the filters stream
 * down the rows skewed per row, and each filter's outputs leave skewed per column. Sr = window, Sc = pixels,
 * T = filters; a fold lasts 2R + C + T − 2 cycles.
 */
final class InputStationaryDemand extends FoldedDemand {
    InputStationaryDemand(int arrayRows, int arrayCols, OperandAddresses ops) {
        super(arrayRows, arrayCols, ops, ops.window(), ops.pixels(), ops.filters(), arrayRows, arrayCols, arrayRows);
    }

    @Override
    public void row(long fold, long row, int[] ifmap, int[] filter, int[] ofmap) {
        long rf = rowFolds(), fr = fold % rf, fc = fold / rf;
        int t = ops.filters();
        for (int c = 0; c < arrayCols; c++) {
            long j = fr * arrayRows + (arrayRows - 1 - row); // bottom row of the block first
            long p = fc * arrayCols + c;
            ifmap[c] = row < arrayRows && j < ops.window() && p < ops.pixels() ? ops.ifmap(p, (int) j) : NONE;
            long b = row - c - (2L * arrayRows - 1);
            ofmap[c] = b >= 0 && b < t && p < ops.pixels() ? ops.ofmap(p, (int) b) : NONE;
        }
        for (int c = 0; c < arrayRows; c++) {
            long b = row - c - arrayRows; // skewed, after R cycles of ifmap loading
            long j = fr * arrayRows + c;
            filter[c] = b >= 0 && b < t && j < ops.window() ? ops.filter((int) j, (int) b) : NONE;
        }
    }

    @Override
    public long ifmapPrefetch(WordSink sink) {
        int sr = ops.window();
        return SystolicDemand.rowMajor(colFolds() * sr, arrayCols, (r, c) -> {
            long p = (r / sr) * arrayCols + c;
            return p < ops.pixels() ? ops.ifmap(p, (int) (r % sr)) : NONE;
        }, sink);
    }

    @Override
    public long filterPrefetch(WordSink sink) {
        int t = ops.filters();
        return SystolicDemand.diagonals(rowFolds() * t, arrayRows, (r, c) -> {
            long j = (r / t) * arrayRows + c;
            return j < ops.window() ? ops.filter((int) j, (int) (r % t)) : NONE;
        }, sink);
    }
}
