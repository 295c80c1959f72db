package dev.convoy.sim.bandwidth;

import dev.convoy.hw.SystolicArray;

/**
 * What a systolic array asks of its three SRAMs, cycle by cycle, and the order in which the read SRAMs fetch
 * their operands from DRAM — SCALE-Sim v2's demand and prefetch matrices ({@code compute/systolic_compute_*.py}),
 * generated a row at a time rather than held whole, so a layer's trace never has to fit in memory.
 * <p>
 * Folds run filter-column folds outermost, row folds inside ({@code fold = colFold · rowFolds + rowFold}); every
 * fold lasts {@link #foldRows()} cycles with the pipeline fill and drain as idle ({@link OperandAddresses#NONE})
 * requests, exactly as SCALE-Sim pads and skews its matrices.
 */
public sealed interface SystolicDemand permits FoldedDemand {
    /** Receives a fetch order, one word (or {@link OperandAddresses#NONE}) at a time. */
    @FunctionalInterface
    interface WordSink {
        /** @param word an address, or {@link OperandAddresses#NONE} */
        void accept(int word);
    }

    /** @return folds (row folds × column folds) */
    long folds();

    /** @return cycles (demand rows) per fold */
    long foldRows();

    /** @return ifmap words requested per cycle at most (the demand row's width) */
    int ifmapWidth();

    /** @return filter words requested per cycle at most */
    int filterWidth();

    /** @return ofmap words written per cycle at most */
    int ofmapWidth();

    /**
     * Fills one cycle's requests.
     *
     * @param fold   fold index
     * @param row    cycle within the fold, in [0, foldRows)
     * @param ifmap  ifmap words read, {@link #ifmapWidth()} entries
     * @param filter filter words read, {@link #filterWidth()} entries
     * @param ofmap  ofmap words written, {@link #ofmapWidth()} entries
     */
    void row(long fold, long row, int[] ifmap, int[] filter, int[] ofmap);

    /**
     * @param sink receives the ifmap SRAM's DRAM fetch order (SCALE-Sim's prefetch matrix, row-major after any
     *             diagonal roll-out)
     * @return the prefetch matrix's entries, idle ones included
     */
    long ifmapPrefetch(WordSink sink);

    /**
     * @param sink receives the filter SRAM's DRAM fetch order
     * @return the prefetch matrix's entries, idle ones included
     */
    long filterPrefetch(WordSink sink);

    /**
     * @param array the array (rows, columns, dataflow)
     * @param ops   the layer's operands
     * @return the array's demand for that layer
     */
    static SystolicDemand of(SystolicArray array, OperandAddresses ops) {
        return switch (array.dataflow()) {
            case WS -> new WeightStationaryDemand(array.rows(), array.cols(), ops);
            case OS -> new OutputStationaryDemand(array.rows(), array.cols(), ops);
            case IS -> new InputStationaryDemand(array.rows(), array.cols(), ops);
        };
    }

    /** Address of entry (row, column) of a matrix. */
    @FunctionalInterface
    interface Entry {
        /**
         * @param row    row
         * @param column column
         * @return the word there, or {@link OperandAddresses#NONE}
         */
        int at(long row, int column);
    }

    /**
     * Emits a rows × columns matrix row by row.
     *
     * @param rows    rows
     * @param columns columns
     * @param entry   the matrix
     * @param sink    receiver
     * @return entries emitted
     */
    static long rowMajor(long rows, int columns, Entry entry, WordSink sink) {
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                sink.accept(entry.at(r, c));
            }
        }
        return rows * columns;
    }

    /**
     * Emits a rows × columns matrix anti-diagonal by anti-diagonal, each from its bottom row up: the order in which
     * a skewed array consumes it, so a fetch line holds words needed in the same few cycles (SCALE-Sim's fix for
     * its issues #15 and #16).
     *
     * @param rows    rows
     * @param columns columns
     * @param entry   the matrix
     * @param sink    receiver
     * @return entries emitted
     */
    static long diagonals(long rows, int columns, Entry entry, WordSink sink) {
        for (long d = 0; d < rows + columns - 1; d++) {
            long top = Math.max(0, d - columns + 1), bottom = Math.min(d, rows - 1);
            for (long r = bottom; r >= top; r--) {
                sink.accept(entry.at(r, (int) (d - r)));
            }
        }
        return rows * columns;
    }

    /**
     * @param a numerator
     * @param b denominator
     * @return ⌈a / b⌉
     */
    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
