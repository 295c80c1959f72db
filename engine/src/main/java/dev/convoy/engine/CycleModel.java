package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's time for a batch: every image costs the per-image latency of the cycle model (the simulated
 * accelerator runs images one after another), so the figures are exact and one run says all.
 */
final class CycleModel {
    private CycleModel() {
    }

    /**
     * @param name   the model's name
     * @param layers the convolution-like layers the tiling model sees
     * @param hw     the accelerator
     * @param batch  images
     * @return one entry per conv/FC layer: batch × its simulated latency
     */
    static List<LayerTime> times(String name, List<ConvLayer> layers, HardwareConfig hw, int batch) {
        SimulationReport sim = Simulator.timing(name, layers, hw, null);
        List<LayerTime> out = new ArrayList<>();
        for (LayerReport l : sim.layers()) {
            out.add(new LayerTime(l.name(), l.op(), "simulated " + l.tiling(), batch * l.latencyMs(), 2L * batch * l.macs()));
        }
        return List.copyOf(out);
    }

    /** @return what a report says of the simulated device */
    static String describe(HardwareConfig hw) {
        return hw.name() + " (simulated: cycle model at " + hw.clockMhz() + " MHz, conv/FC layers)";
    }
}
