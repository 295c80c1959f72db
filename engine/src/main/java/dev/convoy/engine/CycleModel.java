package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.Stage;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's time for a batch: the cycle model run over the whole batch (fully-connected layers reuse their
 * weights across it, systolic arrays join its pixels), every layer costed; deterministic, so one run says all.
 */
final class CycleModel {
    private CycleModel() {
    }

    /**
     * @param name   the model's name
     * @param layers every stage of the network as the simulator costs it
     * @param hw     the accelerator
     * @param batch  images
     * @return one entry per stage: its simulated time for the batch
     */
    static List<LayerTime> times(String name, List<? extends Stage> layers, HardwareConfig hw, int batch) {
        SimulationReport sim = Simulator.run(name, layers, hw, null, batch);
        List<LayerTime> out = new ArrayList<>();
        for (LayerReport l : sim.layers()) {
            out.add(new LayerTime(l.name(), l.op(), "simulated: " + l.model() + (l.tiling().equals("-") ? "" : " " + l.tiling()), l.latencyMs(),
                    2L * l.macs()));
        }
        return List.copyOf(out);
    }

    /** @return what a report says of the simulated device */
    static String describe(HardwareConfig hw) {
        return hw.name() + " (simulated: cycle model at " + hw.clockMhz() + " MHz, every layer)";
    }
}
