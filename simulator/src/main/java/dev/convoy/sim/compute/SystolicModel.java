package dev.convoy.sim.compute;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.SystolicArray;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.report.LayerReport;

/**
 * SCALE-Sim v2's stall-free model of a systolic array, in closed form. A layer is the matrix product of
 * an ifmap operand (ofmap pixels × window) and a filter operand (window × filters), mapped per dataflow onto
 * Sr rows, Sc columns and T temporal steps:
 * <pre>
 *   OS: Sr = ofmap pixels, Sc = filters, T = window      per fold R + C + T − 2 cycles
 *   WS: Sr = window,       Sc = filters, T = pixels      per fold 2R + C + T − 2
 *   IS: Sr = window,       Sc = pixels,  T = filters     per fold 2R + C + T − 2
 *   folds = ⌈Sr/R⌉·⌈Sc/C⌉, total cycles = folds · per fold − 1
 * </pre>
 * SRAM traffic as SCALE-Sim counts it: WS reads each weight once (Sr·Sc) and streams the ifmap once per
 * column fold (T·Sr·⌈Sc/C⌉), writing T·Sc partial sums per row fold; IS is WS with ifmap and filter
 * exchanged (as systolic_compute_is.py counts them: each fold streams T × rows-used filter words and holds
 * rows-used × cols-used ifmap words); OS streams both operands (T·Sr·⌈Sc/C⌉ ifmap, T·Sc·⌈Sr/R⌉ filter reads) and writes each output
 * once plus SCALE-Sim's R + C drain entries per fold. Output sizes follow SCALE-Sim's topology rule
 * ⌈(H − K + S)/S⌉ (no padding: pad the input dimensions first).
 */
public final class SystolicModel {
    private SystolicModel() {
    }

    /** Counts of one layer under SCALE-Sim's model. */
    public record Counts(long sr, long sc, long t, long rowFolds, long colFolds, long cycles, long ifmapReads, long filterReads,
                         long ofmapWrites, double mappingEfficiency, double computeUtil, long macs) {
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * @param ifmapH  input rows (already padded)
     * @param ifmapW  input columns (already padded)
     * @param fh      filter rows
     * @param fw      filter columns
     * @param ch      channels
     * @param filters number of filters
     * @param stride  stride
     * @param array   the array
     * @return SCALE-Sim's counts
     */
    public static Counts counts(int ifmapH, int ifmapW, int fh, int fw, int ch, int filters, int stride, SystolicArray array) {
        return counts(ifmapH, ifmapW, fh, fw, ch, filters, stride, 1, array);
    }

    /**
     * The counts for a batch: the images' output pixels side by side in the pixel dimension of the matrix product
     * (M = images · pixels, as an im2col GEMM batches): WS streams them past the same stationary weights, OS
     * maps more pixel rows, IS holds more pixel columns. A GEMM layer (SCALE-Sim's GEMM mode: ifmap M×K, filter
     * 1×K) batched this way has M = images · rows.
     *
     * @param ifmapH  input rows (already padded)
     * @param ifmapW  input columns (already padded)
     * @param fh      filter rows
     * @param fw      filter columns
     * @param ch      channels
     * @param filters number of filters
     * @param stride  stride
     * @param images  images in the batch
     * @param array   the array
     * @return SCALE-Sim's counts for the batch
     */
    public static Counts counts(int ifmapH, int ifmapW, int fh, int fw, int ch, int filters, int stride, int images, SystolicArray array) {
        long oh = ceil(ifmapH - fh + stride, stride), ow = ceil(ifmapW - fw + stride, stride);
        long px = oh * ow * images, window = (long) fh * fw * ch;
        long sr, sc, t;
        switch (array.dataflow()) {
            case OS -> { sr = px; sc = filters; t = window; }
            case WS -> { sr = window; sc = filters; t = px; }
            default -> { sr = window; sc = px; t = filters; }
        }
        int rows = array.rows(), cols = array.cols();
        long rf = ceil(sr, rows), cf = ceil(sc, cols);
        long folds = rf * cf;
        long perFold = switch (array.dataflow()) {
            case OS -> rows + cols + t - 2;
            default -> 2L * rows + cols + t - 2;
        };
        long cycles = folds * perFold - 1;
        long ifmap, filter, ofmap;
        switch (array.dataflow()) {
            case OS -> { ifmap = t * sr * cf; filter = t * sc * rf; ofmap = sr * sc + folds * (rows + cols); }
            case WS -> { ifmap = t * sr * cf; filter = sr * sc; ofmap = t * sc * rf; }
            default -> { ifmap = sr * sc; filter = t * sr * cf; ofmap = t * sc * rf; }
        }
        // mapping efficiency and compute utilisation, averaged over folds as SCALE-Sim does
        double mapSum = 0, utilSum = 0;
        long foldCycles = array.dataflow() == dev.convoy.hw.Dataflow.OS ? rows + cols + t - 1 : 2L * rows + 2L * cols + t - 3;
        for (long r = 0; r < rf; r++) {
            long rowsUsed = Math.min(rows, sr - r * rows);
            for (long c = 0; c < cf; c++) {
                long colsUsed = Math.min(cols, sc - c * cols);
                double used = (double) rowsUsed * colsUsed;
                mapSum += used / ((double) rows * cols);
                utilSum += used * t / ((double) rows * cols * foldCycles);
            }
        }
        return new Counts(sr, sc, t, rf, cf, cycles, ifmap, filter, ofmap, mapSum / folds, utilSum / folds, px * window * filters);
    }

    /**
     * @param l  a layer (its input dimensions include padding only if the model's padding was folded in)
     * @param hw a systolic hardware configuration
     * @return the layer's cost; DRAM bytes are each operand once (the SRAMs are assumed to hold a fold's data)
     */
    public static LayerReport simulate(ConvLayer l, HardwareConfig hw) {
        return simulate(l, hw, 1);
    }

    /**
     * @param l     a layer
     * @param hw    a systolic hardware configuration
     * @param batch images, joined in the pixel dimension ({@link #counts(int, int, int, int, int, int, int, int, SystolicArray)})
     * @return the batch's cost; DRAM bytes are each image's ifmap and ofmap once and the weights once
     */
    public static LayerReport simulate(ConvLayer l, HardwareConfig hw, int batch) {
        Counts c = counts(l.inH(), l.inW(), l.kh(), l.kw(), l.n(), l.m(), l.stride(), batch, hw.systolic());
        long g = l.groups();
        long w = hw.wordBytes();
        long cycles = g * c.cycles();
        long inBytes = g * batch * (long) l.inH() * l.inW() * l.n() * w;
        long wBytes = g * (long) l.kh() * l.kw() * l.n() * l.m() * w;
        long outBytes = g * batch * (long) l.r() * l.c() * l.m() * w;
        long macs = g * c.macs();
        long onChip = hw.buffers().inputBytes() + hw.buffers().weightBytes() + hw.buffers().outputBytes();
        String map = hw.systolic().rows() + "x" + hw.systolic().cols() + " " + hw.systolic().dataflow().name().toLowerCase(java.util.Locale.ROOT)
                + " " + c.rowFolds() + "x" + c.colFolds() + " folds";
        return new LayerReport(l.name(), l.op(), map, cycles, cycles, 0, 0, 0, macs, (double) macs / ((double) cycles * hw.peakMacsPerCycle()),
                inBytes, wBytes, outBytes, onChip, g * c.ifmapReads(), g * c.filterReads(), g * c.ofmapWrites(), "compute",
                cycles / (hw.clockMhz() * 1e3), "systolic (SCALE-Sim " + hw.systolic().dataflow().name().toLowerCase(java.util.Locale.ROOT)
                + (l.isMatrix() ? ", GEMM mode" : "") + ")");
    }
}
