package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.opencl.runtime.DeviceInfo;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** fp32 networks resident on an OpenCL device: Convoy's tiled kernels, per-layer times from events. */
final class OpenClEngine implements Engine {
    private final Model model;
    private final Device device;
    private final OpenClContext cl;
    private final OpenClBackend backend;
    private final boolean overlap;

    /** Takes ownership of {@code cl}: closing the engine closes it. */
    OpenClEngine(Model model, Device device, OpenClContext cl, EngineRequest request) {
        this.model = model;
        this.device = device;
        this.cl = cl;
        this.overlap = request.overlap();
        TuningDatabase db = request.tuning() == null ? TuningDatabase.empty() : TuningDatabase.load(request.tuning());
        this.backend = new OpenClBackend(model.optimized(), cl, db, request.batch(), request.notes());
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
        String host = backend.hostNodes().isEmpty() ? "" : " (on the CPU: " + String.join(", ", backend.hostNodes()) + ")";
        return "fp32 on " + cl.device().name() + host + (overlap ? "" : ", batches one at a time");
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    @Override
    public void run(Iterator<Tensor> batches, Consumer<Tensor> outputs) {
        if (overlap) {
            backend.stream(batches, outputs);
        } else {
            Engine.super.run(batches, outputs);
        }
    }

    @Override
    public List<LayerTime> profile(Tensor batch) {
        return backend.profile(batch);
    }

    @Override
    public Map<String, String> provenance() {
        return OpenClEngine.provenance(cl.device());
    }

    static Map<String, String> provenance(DeviceInfo d) {
        return Map.of("device", d.name() + " (OpenCL)", "driver", d.platform() + ", " + d.openclC() + ", driver " + d.driver());
    }

    /** @return the backend, for the kernels and tiles it chose */
    OpenClBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            cl.close();
        }
    }
}
