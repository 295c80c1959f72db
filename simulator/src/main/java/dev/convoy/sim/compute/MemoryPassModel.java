package dev.convoy.sim.compute;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.MemoryPass;
import dev.convoy.sim.report.LayerReport;

/**
 * Timing of a layer that only moves data: its inputs read and its output written over DRAM once per image, in
 * long bursts at the configured bandwidth, plus the access latency at each end. Pooling fed by a convolution
 * costs nothing on a board whose pooling kernel runs beside the convolution pipeline (PipeCNN); reshapes move
 * nothing; fp32 islands of a quantized model run on the host and cost the accelerator nothing.
 */
public final class MemoryPassModel {
    private MemoryPassModel() {
    }

    /**
     * @param p     the pass
     * @param hw    the hardware
     * @param batch images
     * @return its cost for the batch
     */
    public static LayerReport simulate(MemoryPass p, HardwareConfig hw, int batch) {
        boolean beside = p.kind() == MemoryPass.Kind.POOL_AFTER_CONV && hw.peArray() != null && hw.peArray().poolBesideConv();
        String model;
        if (p.kind() == MemoryPass.Kind.VIEW) {
            model = "view (no data moved)";
        } else if (p.kind() == MemoryPass.Kind.HOST) {
            model = "host (fp32 island, not on the accelerator)";
        } else if (beside) {
            model = "beside the conv pipeline";
        } else {
            model = "DRAM pass";
        }
        if (!model.equals("DRAM pass")) {
            return new LayerReport(p.name(), p.op(), "-", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "-", 0, model);
        }
        long w = hw.wordBytes();
        long in = p.readWords() * w * batch, out = p.writeWords() * w * batch;
        long transfer = TiledArrayModel.transfer(in + out, hw.dram().bytesPerCycle(hw.clockMhz()), hw.dram().burstBytes());
        long lat = 2L * hw.dram().latencyCycles();
        long cycles = transfer + lat;
        return new LayerReport(p.name(), p.op(), "-", cycles, 0, cycles, lat, transfer, 0, 0, in, 0, out, 0, 0, 0, 0, "memory",
                cycles / (hw.clockMhz() * 1e3), model);
    }
}
