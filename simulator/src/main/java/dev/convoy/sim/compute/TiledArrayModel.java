package dev.convoy.sim.compute;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.LayerPlan;
import dev.convoy.schedule.Roofline;
import dev.convoy.sim.report.LayerReport;

/**
 * Timing of one layer on a tiled PE array, tile by tile. Each input tile (Tn input maps, the Tm·Tn weight
 * block) is loaded over DRAM — bytes rounded up to whole bursts, at the configured bandwidth; the access
 * latency is paid per transfer without double buffering and once at each end of the layer with it — and
 * computed in Tr·Tc·K² + P cycles; an output tile is stored once its N loop ends. With
 * double buffering the next tile's load overlaps this tile's compute, and DRAM serves loads and stores in
 * turn; without it, load, compute and store follow one another. Compute cycles are Zhang et al.'s formula
 * exactly; the difference to the total is reported as stall cycles.
 */
public final class TiledArrayModel {
    private TiledArrayModel() {
    }

    /**
     * @param plan the layer's plan (tiling from the scheduler)
     * @param hw   the hardware
     * @return the layer's cost
     */
    public static LayerReport simulate(LayerPlan plan, HardwareConfig hw) {
        if (plan.layer().isMatrix()) {
            return streamed(plan, hw);
        }
        ConvLayer l = plan.layer();
        Roofline r = new Roofline(l, plan.tiling(), hw.peArray().pipelineDepth() - 1);
        long w = hw.wordBytes();
        double bpc = hw.dram().bytesPerCycle(hw.clockMhz());
        int lat = hw.dram().latencyCycles();
        long tileCompute = (long) plan.tiling().tr() * plan.tiling().tc() * l.kh() * l.kw() + (hw.peArray().pipelineDepth() - 1);
        long load = transfer((r.inputWords() + r.weightWords()) * w, bpc, hw.dram().burstBytes());
        long store = transfer(r.outputWords() * w, bpc, hw.dram().burstBytes());
        long tiles = r.tiles(), outTiles = r.outputTiles();
        long perOut = tiles / outTiles; // input tiles accumulated into one output tile (the N loop)
        long cycles;
        if (hw.buffers().doubleBuffered()) {
            // requests are issued ahead, so the access latency shows once at each end of the layer; the first
            // load is exposed, then per output tile the array computes its N loop while DRAM loads the next
            // tiles and stores the previous output; the last store is exposed
            long perGroup = Math.max(perOut * tileCompute, perOut * load + store);
            cycles = lat + load + outTiles * perGroup + store + lat;
        } else {
            cycles = tiles * (lat + load + tileCompute) + outTiles * (lat + store);
        }
        cycles *= l.groups();
        long compute = r.cycles();
        long stall = cycles - compute;
        boolean memoryBound = hw.buffers().doubleBuffered() ? perOutDram(perOut, load, store) > perOut * tileCompute : false;
        long peak = hw.peakMacsPerCycle();
        long inBytes = l.groups() * tiles * r.inputWords() * w;
        long wBytes = l.groups() * tiles * r.weightWords() * w;
        long outBytes = l.groups() * outTiles * r.outputWords() * w;
        long onChip = (r.inputWords() + r.weightWords() + r.outputWords()) * w * (hw.buffers().doubleBuffered() ? 2 : 1);
        long sramIn = (long) l.groups() * tiles * tileCompute * plan.tiling().tn(); // Tn words per cycle feed the array
        long latencyStall = Math.min(stall, (hw.buffers().doubleBuffered() ? 2L : tiles + outTiles) * lat * l.groups());
        return new LayerReport(l.name(), l.op(), plan.tiling().toString(), cycles, compute, stall, latencyStall, stall - latencyStall, l.macs(),
                (double) l.macs() / ((double) cycles * peak), inBytes, wBytes, outBytes, onChip, sramIn,
                l.groups() * tiles * r.weightWords(), l.groups() * outTiles * r.outputWords(), memoryBound ? "memory" : "compute",
                cycles / (hw.clockMhz() * 1e3), "tiled array (Zhang'15 loop nest)");
    }

    /**
     * A fully-connected layer as PipeCNN runs it: the weights stream from DRAM in long bursts, each loaded once
     * per block of rows held on chip (once per batch when the batch's rows fit one Tr tile, so every image
     * reuses them), the input rows read once when a Tr-row slice of them fits the input buffer (else once per
     * block of Tm outputs), the outputs written once. The array computes in Zhang's cycles while the stream
     * flows (double-buffered: the two overlap; otherwise they add); the layer costs the longer of the two, plus
     * the access latency at each end.
     */
    private static LayerReport streamed(LayerPlan plan, HardwareConfig hw) {
        ConvLayer l = plan.layer();
        Roofline r = new Roofline(l, plan.tiling(), hw.peArray().pipelineDepth() - 1);
        long w = hw.wordBytes();
        long rowBlocks = (l.r() + plan.tiling().tr() - 1) / plan.tiling().tr();
        long outBlocks = (l.m() + plan.tiling().tm() - 1) / plan.tiling().tm();
        long g = l.groups();
        long wBytes = g * rowBlocks * l.n() * l.m() * w;
        boolean inputResident = (long) l.n() * plan.tiling().tr() * w <= hw.buffers().usable(hw.buffers().inputBytes());
        long inBytes = g * (inputResident ? 1 : outBlocks) * (long) l.n() * l.r() * w;
        long outBytes = g * (long) l.m() * l.r() * w;
        double bpc = hw.dram().bytesPerCycle(hw.clockMhz());
        long dram = transfer(inBytes + wBytes + outBytes, bpc, hw.dram().burstBytes());
        long compute = r.cycles();
        int lat = hw.dram().latencyCycles();
        long cycles = hw.buffers().doubleBuffered() ? lat + Math.max(compute, dram) + lat : compute + dram + 2L * lat;
        long stall = cycles - compute;
        long latencyStall = Math.min(stall, 2L * lat);
        long onChip = (r.inputWords() + r.weightWords() + r.outputWords()) * w * (hw.buffers().doubleBuffered() ? 2 : 1);
        return new LayerReport(l.name(), l.op(), plan.tiling().toString(), cycles, compute, stall, latencyStall, stall - latencyStall, l.macs(),
                (double) l.macs() / ((double) cycles * hw.peakMacsPerCycle()), inBytes, wBytes, outBytes, onChip,
                g * r.tiles() * plan.tiling().tr() * plan.tiling().tn(), wBytes / w, outBytes / w, dram > compute ? "memory" : "compute",
                cycles / (hw.clockMhz() * 1e3), "fully-connected, weights streamed (PipeCNN)");
    }

    private static long perOutDram(long perOut, long load, long store) {
        return perOut * load + store;
    }

    /** @return cycles to stream bytes over DRAM: whole bursts at bytes/cycle */
    static long transfer(long bytes, double bytesPerCycle, int burst) {
        long rounded = (bytes + burst - 1) / burst * burst;
        return (long) Math.ceil(rounded / bytesPerCycle);
    }
}
