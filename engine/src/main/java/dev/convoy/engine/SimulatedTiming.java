package dev.convoy.engine;

import dev.convoy.BadInputException;
import dev.convoy.eval.LayerTime;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An fp32 model on the simulator: timed only (the cycle model of its conv/FC layers); running it is refused,
 * since the simulator executes integer precisions. Opened by {@link Engines#openForTiming}.
 */
final class SimulatedTiming implements Engine {
    private final Model model;
    private final Device device;
    private final HardwareConfig hw;

    SimulatedTiming(Model model, Device device, HardwareConfig hw) {
        this.model = model;
        this.device = device;
        this.hw = hw;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Precision precision() {
        return Precision.FP32;
    }

    @Override
    public String description() {
        return "fp32 timed on " + CycleModel.describe(hw);
    }

    @Override
    public Tensor run(Tensor batch) {
        throw new BadInputException(Engines.SIM_NEEDS_INTEGER);
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        return CycleModel.times(model.optimized().name(), dev.convoy.schedule.Workloads.of(model.optimized()), hw, batch.shape().dim(0));
    }

    @Override
    public boolean deterministic() {
        return true;
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("device", CycleModel.describe(hw), "hardware", hw.name());
    }

    @Override
    public void close() {
        // nothing held
    }
}
