package dev.convoy.sim;

import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.MemoryPass;
import dev.convoy.schedule.Stage;
import dev.convoy.sim.compute.MemoryPassModel;
import dev.convoy.schedule.LayerPlan;
import dev.convoy.schedule.Scheduler;
import dev.convoy.schedule.Tiling;
import dev.convoy.sim.bandwidth.InterfaceBandwidthModel;
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
        return run(model, layers, hw, fixed, 1);
    }

    /**
     * Every stage of a network over a batch: convolution-like layers on the array (a tiled array runs a
     * convolution once per image and a fully-connected layer on all the batch's rows at once; a systolic array
     * joins the batch's pixels or rows in one matrix product), the rest as passes over DRAM
     * ({@link MemoryPassModel}).
     *
     * @param model  model name
     * @param stages the stages, in execution order
     * @param hw     the hardware
     * @param fixed  a fixed tiling for tiled arrays, or null to let the scheduler choose
     * @param batch  images per run (at least 1)
     * @return per-stage costs for the whole batch, and totals
     */
    public static SimulationReport run(String model, List<? extends Stage> stages, HardwareConfig hw, Tiling fixed, int batch) {
        if (batch < 1) {
            throw new dev.convoy.BadInputException("batch must be at least 1, got " + batch);
        }
        List<ConvLayer> convs = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof ConvLayer c) {
                convs.add(hw.systolic() != null ? c : c.batched(batch));
            }
        }
        java.util.Iterator<LayerPlan> plans = hw.systolic() != null ? null : Scheduler.plan(model, convs, hw, fixed).layers().iterator();
        // the trace-driven user-bandwidth runs are independent per layer and the slow part: run them on every core
        java.util.Map<Stage, LayerReport> traced = hw.systolic() != null && hw.systolic().bandwidthLimited()
                ? convs.parallelStream().collect(java.util.stream.Collectors.toConcurrentMap(c -> (Stage) c,
                        c -> InterfaceBandwidthModel.simulate(c, hw, batch), (a, b) -> a))
                : java.util.Map.of();
        List<LayerReport> reports = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof ConvLayer c) {
                reports.add(hw.systolic() == null ? TiledArrayModel.simulate(plans.next(), hw)
                        : traced.containsKey(c) ? traced.get(c) : SystolicModel.simulate(c, hw, batch));
            } else {
                reports.add(MemoryPassModel.simulate((MemoryPass) s, hw, batch));
            }
        }
        return SimulationReport.of(model, hw.name(), hw.clockMhz(), reports, false, batch);
    }
}
