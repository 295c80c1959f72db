package dev.convoy.sim;

import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.LayerPlan;
import dev.convoy.schedule.Plan;
import dev.convoy.schedule.Scheduler;
import dev.convoy.schedule.Tiling;
import dev.convoy.sim.compute.SystolicModel;
import dev.convoy.sim.compute.TiledArrayModel;
import java.util.ArrayList;
import java.util.List;

/** Timing-only simulation of a network's convolution-like layers on one hardware configuration. */
public final class Simulator {
    private Simulator() {
    }

    /**
     * @param model  model name
     * @param layers the layers
     * @param hw     the hardware
     * @param fixed  a fixed tiling for tiled arrays, or null to let the scheduler choose
     * @return per-layer costs and totals
     */
    public static SimulationReport timing(String model, List<ConvLayer> layers, HardwareConfig hw, Tiling fixed) {
        List<LayerReport> reports = new ArrayList<>();
        if (hw.systolic() != null) {
            for (ConvLayer l : layers) {
                reports.add(SystolicModel.simulate(l, hw));
            }
        } else {
            Plan plan = Scheduler.plan(model, layers, hw, fixed);
            for (LayerPlan p : plan.layers()) {
                reports.add(TiledArrayModel.simulate(p, hw));
            }
        }
        return SimulationReport.of(model, hw.name(), hw.clockMhz(), reports, false);
    }
}
