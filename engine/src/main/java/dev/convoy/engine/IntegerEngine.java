package dev.convoy.engine;

import dev.convoy.eval.LayerTime;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A quantized model on the integer path: the integer reference, the simulator's tiles, an OpenCL device, or a
 * precompiled (FPGA) kernel set — every one judged against the integer reference, and {@link #backend()}
 * exposes each layer's integers for that.
 */
public final class IntegerEngine implements Engine {
    private final Model model;
    private final Device device;
    private final IntegerBackend backend;
    private final String where;
    private final HardwareConfig simulated;
    private final Map<String, String> provenance;
    private final List<AutoCloseable> resources;

    IntegerEngine(Model model, Device device, IntegerBackend backend, String where, HardwareConfig simulated, Map<String, String> provenance,
                  List<AutoCloseable> resources) {
        this.model = model;
        this.device = device;
        this.backend = backend;
        this.where = where;
        this.simulated = simulated;
        this.provenance = Map.copyOf(provenance);
        this.resources = List.copyOf(resources);
    }

    /** @return the integer backend, for taps on every layer's integers ({@code Validator}) */
    public IntegerBackend backend() {
        return backend;
    }

    /** @return where the integer layers run, e.g. "integer reference" or "integer on Portable Computing Language …" */
    public String where() {
        return where;
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
        return Precision.of(backend.model().options().scheme());
    }

    @Override
    public String description() {
        return where + ", " + backend.model().options().describe();
    }

    @Override
    public Tensor run(Tensor batch) {
        return backend.run(batch);
    }

    /** On the simulator: the cycle model's time per conv/FC layer; elsewhere wall time between layers. */
    @Override
    public List<LayerTime> profile(Tensor batch) {
        int n = batch.shape().dim(0);
        if (simulated != null) {
            return CycleModel.times(backend.model().name(), dev.convoy.schedule.Workloads.of(backend.model()), simulated, n);
        }
        List<LayerTime> layers = new ArrayList<>();
        long[] last = {System.nanoTime()};
        backend.run(batch, (QNode node, String value, dev.convoy.tensor.Shape shape, int[] data, dev.convoy.quant.ActQuant format) -> {
            if (node == null) {
                return; // the quantized input, before the first layer
            }
            long now = System.nanoTime();
            long ops = node.layer() instanceof QLayer.QConv c ? 2L * shape.size() * c.taps() : 0; // 2 per multiply-accumulate
            layers.add(new LayerTime(node.name(), node.layer().type(), where, (now - last[0]) / 1e6, ops));
            last[0] = now;
        });
        return List.copyOf(layers);
    }

    @Override
    public boolean deterministic() {
        return simulated != null;
    }

    @Override
    public Map<String, String> provenance() {
        return provenance;
    }

    /** Closes the backend, then the kernel set, then the context. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + r + ": " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
