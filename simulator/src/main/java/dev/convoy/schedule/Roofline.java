package dev.convoy.schedule;

import dev.convoy.hw.HardwareConfig;

/**
 * Zhang et al. (FPGA 2015) analytical model of one tiled layer, per group:
 * <pre>
 *   cycles = ⌈M/Tm⌉·⌈N/Tn⌉·⌈R/Tr⌉·⌈C/Tc⌉·(Tr·Tc·K² + P)            P = pipeline depth − 1
 *   CR     = 2·M·N·R·C·K² / cycles                                 operations per cycle (× clock)
 *   CTC    = 2·M·N·R·C·K² / (α_in·β_in + α_w·β_w + α_out·β_out)    operations per word moved
 *   β_in = Tn·(S·Tr+K−S)·(S·Tc+K−S), β_w = Tm·Tn·K², β_out = Tm·Tr·Tc
 *   α_in = α_w = ⌈M/Tm⌉⌈N/Tn⌉⌈R/Tr⌉⌈C/Tc⌉, α_out = ⌈M/Tm⌉⌈R/Tr⌉⌈C/Tc⌉
 * </pre>
 * Non-square kernels use Kh·Kw for K² and the row/column extents separately.
 *
 * @param layer  the layer
 * @param tiling its tiles (already clipped to the layer)
 * @param fill   pipeline fill per tile, cycles (P)
 */
public record Roofline(ConvLayer layer, Tiling tiling, int fill) {
    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /** @return ⌈M/Tm⌉·⌈N/Tn⌉·⌈R/Tr⌉·⌈C/Tc⌉, tiles per group */
    public long tiles() {
        return ceil(layer.m(), tiling.tm()) * ceil(layer.n(), tiling.tn()) * ceil(layer.r(), tiling.tr()) * ceil(layer.c(), tiling.tc());
    }

    /** @return output tiles per group, ⌈M/Tm⌉·⌈R/Tr⌉·⌈C/Tc⌉ */
    public long outputTiles() {
        return ceil(layer.m(), tiling.tm()) * ceil(layer.r(), tiling.tr()) * ceil(layer.c(), tiling.tc());
    }

    /** @return compute cycles of the whole layer (all groups), Zhang's formula */
    public long cycles() {
        return layer.groups() * tiles() * ((long) tiling.tr() * tiling.tc() * layer.kh() * layer.kw() + fill);
    }

    /** @return input tile, words: Tn·(S·Tr+Kh−S)·(S·Tc+Kw−S) */
    public long inputWords() {
        int s = layer.stride();
        return (long) tiling.tn() * (s * tiling.tr() + layer.kh() - s) * (s * tiling.tc() + layer.kw() - s);
    }

    /** @return weight tile, words: Tm·Tn·Kh·Kw */
    public long weightWords() {
        return (long) tiling.tm() * tiling.tn() * layer.kh() * layer.kw();
    }

    /** @return output tile, words: Tm·Tr·Tc */
    public long outputWords() {
        return (long) tiling.tm() * tiling.tr() * tiling.tc();
    }

    /** @return words moved off chip for the whole layer: α_in·β_in + α_w·β_w + α_out·β_out (all groups) */
    public long dramWords() {
        return layer.groups() * (tiles() * (inputWords() + weightWords()) + outputTiles() * outputWords());
    }

    /** @return operations per cycle the array sustains on this layer (CR / clock) */
    public double opsPerCycle() {
        return 2.0 * layer.macs() / cycles();
    }

    /** @return computation-to-communication ratio, operations per word (CTC) */
    public double ctc() {
        return 2.0 * layer.macs() / dramWords();
    }

    /**
     * @param hw the hardware
     * @return attainable performance, GOP/s: min(CR, CTC × bandwidth)
     */
    public double attainableGops(HardwareConfig hw) {
        return Math.min(computationalRoofGops(hw), memoryRoofGops(hw));
    }

    /** @return CR in GOP/s at the board clock */
    public double computationalRoofGops(HardwareConfig hw) {
        return opsPerCycle() * hw.clockMhz() / 1000;
    }

    /** @return CTC × bandwidth, GOP/s */
    public double memoryRoofGops(HardwareConfig hw) {
        return ctc() / hw.wordBytes() * hw.dram().bandwidthGBs();
    }

    /**
     * @param hw the hardware
     * @return whether the three tiles fit their buffers (halves of them when double-buffered)
     */
    public boolean fits(HardwareConfig hw) {
        long w = hw.wordBytes();
        return inputWords() * w <= hw.buffers().usable(hw.buffers().inputBytes())
                && weightWords() * w <= hw.buffers().usable(hw.buffers().weightBytes())
                && outputWords() * w <= hw.buffers().usable(hw.buffers().outputBytes());
    }
}
