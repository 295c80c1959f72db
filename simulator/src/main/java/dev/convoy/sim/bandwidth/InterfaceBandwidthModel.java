package dev.convoy.sim.bandwidth;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.SystolicArray;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.compute.SystolicModel;
import dev.convoy.sim.report.LayerReport;
import java.util.Locale;

/**
 * SCALE-Sim v2's user-bandwidth mode ({@code InterfaceBandwidth: USER}): the array's cycle-by-cycle demand
 * ({@link SystolicDemand}) runs through a double-buffered ifmap and filter SRAM that prefetch from DRAM
 * ({@link PrefetchReadBuffer}) and an ofmap SRAM that drains to it ({@link DrainWriteBuffer}), each interface moving
 * the same given number of words per cycle; the array stalls whenever one of them is not ready.
 * <p>
 * Cycle i of the demand is issued at {@code i + stalls so far}; its stall is the largest of the ifmap's and
 * filter's waits beyond the hit latency and the ofmap's hold. The layer's cycles are the last demand's
 * completion — SCALE-Sim's "Total Cycles" — so with enough bandwidth they equal {@link SystolicModel}'s stall-free
 * count. The SRAMs split half active, half prefetch (drain), as SCALE-Sim fixes them.
 */
public final class InterfaceBandwidthModel {
    /** Active share of each SRAM (SCALE-Sim's active_buf_frac, fixed at 0.5 in its single_layer_sim). */
    public static final double ACTIVE_FRACTION = 0.5;

    private InterfaceBandwidthModel() {
    }

    /**
     * One layer's run.
     *
     * @param cycles          cycles to the last output written, stalls included (SCALE-Sim's Total Cycles)
     * @param stallCycles     cycles the array waited (SCALE-Sim's Stall Cycles)
     * @param ifmapDramWords  words the ifmap SRAM fetched (whole lines)
     * @param filterDramWords words the filter SRAM fetched (whole lines)
     * @param ofmapDramWords  words the ofmap SRAM wrote back, final drain included
     */
    public record Run(long cycles, long stallCycles, long ifmapDramWords, long filterDramWords, long ofmapDramWords) {
        /** @return cycles without the stalls */
        public long computeCycles() {
            return cycles - stallCycles;
        }
    }

    /**
     * @param ops         the layer's operands
     * @param array       the array
     * @param ifmapWords  ifmap SRAM, words
     * @param filterWords filter SRAM, words
     * @param ofmapWords  ofmap SRAM, words
     * @param bandwidth   words per cycle on each DRAM interface
     * @return the run
     */
    public static Run run(OperandAddresses ops, SystolicArray array, long ifmapWords, long filterWords, long ofmapWords, int bandwidth) {
        return run(ops, array, ifmapWords, filterWords, ofmapWords, bandwidth, null);
    }

    /** Sees each cycle of the demand as the SRAMs serve it (SCALE-Sim's SRAM traces, first column). */
    @FunctionalInterface
    public interface TraceListener {
        /**
         * @param row          demand row (cycle of the stall-free schedule)
         * @param cycle        the cycle it is issued, stalls so far included
         * @param ifmapServed  the cycle its ifmap reads complete
         * @param filterServed the cycle its filter reads complete
         * @param ofmapServed  the cycle its ofmap writes are taken
         */
        void served(long row, long cycle, long ifmapServed, long filterServed, long ofmapServed);
    }

    /**
     * @param ops         the layer's operands
     * @param array       the array
     * @param ifmapWords  ifmap SRAM, words
     * @param filterWords filter SRAM, words
     * @param ofmapWords  ofmap SRAM, words
     * @param bandwidth   words per cycle on each DRAM interface
     * @param listener    sees every cycle, or null
     * @return the run
     */
    public static Run run(OperandAddresses ops, SystolicArray array, long ifmapWords, long filterWords, long ofmapWords, int bandwidth,
                          TraceListener listener) {
        if (bandwidth < 1) {
            throw new IllegalArgumentException("interface bandwidth must be at least 1 word per cycle, got " + bandwidth);
        }
        SystolicDemand demand = SystolicDemand.of(array, ops);
        PrefetchReadBuffer ifmap = new PrefetchReadBuffer(ifmapWords, ACTIVE_FRACTION, bandwidth, demand::ifmapPrefetch,
                ops.ifmapWords());
        PrefetchReadBuffer filter = new PrefetchReadBuffer(filterWords, ACTIVE_FRACTION, bandwidth, demand::filterPrefetch,
                ops.filterWords());
        DrainWriteBuffer ofmap = new DrainWriteBuffer(ofmapWords, ACTIVE_FRACTION, bandwidth);
        int[] ifmapRow = new int[demand.ifmapWidth()], filterRow = new int[demand.filterWidth()], ofmapRow = new int[demand.ofmapWidth()];
        long stalls = 0, last = 0, i = 0;
        for (long fold = 0; fold < demand.folds(); fold++) {
            for (long row = 0; row < demand.foldRows(); row++, i++) {
                demand.row(fold, row, ifmapRow, filterRow, ofmapRow);
                long cycle = i + stalls;
                long ifmapServed = ifmap.serve(ifmapRow, ifmapRow.length, cycle);
                long filterServed = filter.serve(filterRow, filterRow.length, cycle);
                last = ofmap.serve(ofmapRow, ofmapRow.length, cycle);
                if (listener != null) {
                    listener.served(i, cycle, ifmapServed, filterServed, last);
                }
                long ifmapWait = ifmapServed - cycle - PrefetchReadBuffer.HIT_LATENCY;
                long filterWait = filterServed - cycle - PrefetchReadBuffer.HIT_LATENCY;
                stalls += Math.max(Math.max(ifmapWait, filterWait), last - cycle);
            }
        }
        ofmap.flush(last);
        return new Run(last, stalls, ifmap.dramWords(), filter.dramWords(), ofmap.dramWords());
    }

    /**
     * @param l     a layer
     * @param hw    a systolic array with {@code systolic.interface_bandwidth} set
     * @param batch images, joined in the pixel dimension as in {@link SystolicModel}
     * @return the batch's cost, stalls as DRAM-bandwidth stalls; groups run one after another, each as the first
     */
    public static LayerReport simulate(ConvLayer l, HardwareConfig hw, int batch) {
        SystolicArray array = hw.systolic();
        int bw = array.interfaceBandwidth();
        long w = hw.wordBytes();
        OperandAddresses ops = OperandAddresses.conv(l.inH(), l.inW(), l.kh(), l.kw(), l.n(), l.m(), l.stride(), batch);
        Run run = run(ops, array, hw.buffers().inputBytes() / w, hw.buffers().weightBytes() / w, hw.buffers().outputBytes() / w, bw);
        SystolicModel.Counts c = SystolicModel.counts(l.inH(), l.inW(), l.kh(), l.kw(), l.n(), l.m(), l.stride(), batch, array);
        long g = l.groups();
        long cycles = g * run.cycles(), stalls = g * run.stallCycles();
        long macs = g * c.macs();
        long onChip = hw.buffers().inputBytes() + hw.buffers().weightBytes() + hw.buffers().outputBytes();
        String df = array.dataflow().name().toLowerCase(Locale.ROOT);
        String map = array.rows() + "x" + array.cols() + " " + df + " " + c.rowFolds() + "x" + c.colFolds() + " folds, " + bw + " words/cycle";
        return new LayerReport(l.name(), l.op(), map, cycles, cycles - stalls, stalls, 0, stalls, macs,
                (double) macs / ((double) cycles * hw.peakMacsPerCycle()), g * run.ifmapDramWords() * w, g * run.filterDramWords() * w,
                g * run.ofmapDramWords() * w, onChip, g * c.ifmapReads(), g * c.filterReads(), g * c.ofmapWrites(),
                stalls > 0 ? "memory" : "compute", cycles / (hw.clockMhz() * 1e3),
                "systolic (SCALE-Sim " + df + (l.isMatrix() ? ", GEMM mode" : "") + ", user bandwidth " + bw + " words/cycle)");
    }
}
