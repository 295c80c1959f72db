package dev.convoy.engine;

import dev.convoy.aparapi.AparapiBackend;
import dev.convoy.eval.LayerTime;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** fp32 conv, FC and pooling as Aparapi kernels, the rest on the reference; says where each layer ran. */
final class AparapiEngine implements Engine {
    private final Model model;
    private final AparapiBackend backend;

    AparapiEngine(Model model) {
        this.model = model;
        this.backend = new AparapiBackend(model.optimized());
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Device device() {
        return Device.aparapi();
    }

    @Override
    public Precision precision() {
        return Precision.FP32;
    }

    /** @return "fp32 on Aparapi (Aparapi: 7 layers on OpenCL (…), 0 on Java threads, 3 on the fp32 reference)" after a run */
    @Override
    public String description() {
        return "fp32 on Aparapi (" + backend.summary() + ")";
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        Map<String, Tensor> in = Map.of(model.optimized().inputs().get(0).name(), batch);
        return HostTimes.of(model.optimized(), batch.shape().dim(0), node -> backend.placements().getOrDefault(node, "fp32 reference"),
                tap -> backend.run(in, tap));
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("device", "Aparapi (" + backend.summary() + ")");
    }

    @Override
    public void close() {
        backend.close();
    }
}
