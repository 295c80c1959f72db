package dev.convoy.engine;

import dev.convoy.cpu.CpuBackend;
import dev.convoy.eval.LayerTime;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.reference.GraphRunner;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * fp32 on the host's threads: the fast CPU backend ({@link #fast}, device {@code cpu}) or the reference loops
 * ({@link #reference}, device {@code reference}, the judge of every other fp32 path). Both keep the reference's
 * data flow, so one engine serves them.
 */
final class HostEngine implements Engine {
    private final Model model;
    private final Device device;
    private final String description;
    private final String kernel;
    private final GraphRunner backend;
    private final int threads;

    private HostEngine(Model model, Device device, String description, String kernel, GraphRunner backend, int threads) {
        this.threads = threads;
        this.model = model;
        this.device = device;
        this.description = description;
        this.kernel = kernel;
        this.backend = backend;
    }

    /**
     * @param model   the model
     * @param threads worker threads
     * @return the fast CPU engine (the JVM must have {@code jdk.incubator.vector})
     */
    static HostEngine fast(Model model, int threads) {
        return new HostEngine(model, Device.cpu(), "fp32 cpu (vector GEMM, " + CpuBackend.describeVectors() + ")", "cpu",
                new CpuBackend(model.optimized(), threads), threads);
    }

    /**
     * @param model   the model
     * @param threads worker threads
     * @return the fp32 reference engine
     */
    static HostEngine reference(Model model, int threads) {
        return new HostEngine(model, Device.reference(), "fp32 reference", "reference", new ReferenceBackend(model.optimized(), threads), threads);
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
        return description;
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        Map<String, Tensor> in = Map.of(backend.graph().inputs().get(0).name(), batch);
        return HostTimes.of(backend.graph(), batch.shape().dim(0), node -> kernel, tap -> backend.run(in, tap));
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("device", "CPU " + description + ", " + threads + " threads");
    }

    @Override
    public void close() {
        backend.close();
    }
}
