package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.cpu.CpuBackend;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** fp32 on the fast CPU backend ({@link CpuBackend}: vector GEMM convolutions, the reference's loops for the rest). */
final class CpuEngine implements Engine {
    private final Model model;
    private final CpuBackend backend;

    CpuEngine(Model model) {
        this.model = model;
        this.backend = new CpuBackend(model.optimized(), Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Precision precision() {
        return Precision.FP32;
    }

    @Override
    public String description() {
        return "fp32 cpu (vector GEMM, " + dev.convoy.cpu.CpuBackend.describeVectors() + ")";
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        Map<String, Tensor> in = Map.of(backend.graph().inputs().get(0).name(), batch);
        return HostTimes.of(backend.graph(), batch.shape().dim(0), node -> "cpu", tap -> backend.run(in, tap));
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("device", "CPU fast engine, " + dev.convoy.cpu.CpuBackend.describeVectors() + ", " + Runtime.getRuntime().availableProcessors() + " threads");
    }

    @Override
    public void close() {
        backend.close();
    }
}
