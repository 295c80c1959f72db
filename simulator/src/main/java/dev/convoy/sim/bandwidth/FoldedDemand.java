package dev.convoy.sim.bandwidth;

/**
 * What the three dataflows share: a matrix product of Sr × Sc mapped onto an R × C array in ⌈Sr/R⌉ · ⌈Sc/C⌉ folds,
 * each T cycles of streaming plus the pipeline's fill and drain. Each dataflow says which operand is which and how
 * its rows, skews and fetch orders look.
 */
abstract sealed class FoldedDemand implements SystolicDemand permits WeightStationaryDemand, OutputStationaryDemand, InputStationaryDemand {
    final int arrayRows;
    final int arrayCols;
    final OperandAddresses ops;
    private final long rowFolds;
    private final long colFolds;
    private final long foldRows;
    private final int ifmapWidth;
    private final int filterWidth;

    /**
     * @param arrayRows   R
     * @param arrayCols   C
     * @param ops         the layer's operands
     * @param sr          the mapped rows (Sr)
     * @param sc          the mapped columns (Sc)
     * @param t           the streamed dimension (T)
     * @param loadRows    cycles a fold spends loading its stationary block before streaming (R, or 0 for output stationary)
     * @param ifmapWidth  ifmap words a cycle can ask for
     * @param filterWidth filter words a cycle can ask for
     */
    FoldedDemand(int arrayRows, int arrayCols, OperandAddresses ops, long sr, long sc, long t, int loadRows, int ifmapWidth, int filterWidth) {
        this.arrayRows = arrayRows;
        this.arrayCols = arrayCols;
        this.ops = ops;
        this.rowFolds = SystolicDemand.ceilDiv(sr, arrayRows);
        this.colFolds = SystolicDemand.ceilDiv(sc, arrayCols);
        this.foldRows = (long) loadRows + arrayRows + arrayCols + t - 2;
        this.ifmapWidth = ifmapWidth;
        this.filterWidth = filterWidth;
    }

    /** @return ⌈Sr/R⌉ */
    long rowFolds() {
        return rowFolds;
    }

    /** @return ⌈Sc/C⌉ */
    long colFolds() {
        return colFolds;
    }

    @Override
    public long folds() {
        return rowFolds * colFolds;
    }

    @Override
    public long foldRows() {
        return foldRows;
    }

    @Override
    public int ifmapWidth() {
        return ifmapWidth;
    }

    @Override
    public int filterWidth() {
        return filterWidth;
    }

    @Override
    public int ofmapWidth() {
        return arrayCols;
    }
}
