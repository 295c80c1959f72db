package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** fp32 on the reference backend: plain loops on the host's threads, the judge of every other fp32 path. */
final class ReferenceEngine implements Engine {
    private final Model model;
    private final ReferenceBackend backend;

    ReferenceEngine(Model model) {
        this.model = model;
        this.backend = new ReferenceBackend(model.optimized());
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Device device() {
        return Device.reference();
    }

    @Override
    public Precision precision() {
        return Precision.FP32;
    }

    @Override
    public String description() {
        return "fp32 reference";
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        Map<String, Tensor> in = Map.of(backend.graph().inputs().get(0).name(), batch);
        return HostTimes.of(backend.graph(), batch.shape().dim(0), node -> "reference", tap -> backend.run(in, tap));
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("device", "CPU reference, " + Runtime.getRuntime().availableProcessors() + " threads");
    }

    @Override
    public void close() {
        backend.close();
    }
}
