package dev.convoy.eval;

import dev.convoy.tensor.Tensor;
import java.util.List;

/**
 * A model that runs a batch and, on request, reports how long each layer took. Every engine is one, so
 * {@link Benchmarks} times them all the same way.
 */
public interface ProfiledModel {
    /**
     * @param batch the model's input for a batch, {@code [N, ...]}
     * @return the model's output for the batch
     */
    Tensor run(Tensor batch);

    /**
     * Runs the batch once, timing each layer (OpenCL event time on devices, wall time between layers on the
     * host, cycle-model time on the simulator).
     *
     * @param batch as for {@link #run}
     * @return one entry per layer, in execution order
     */
    List<LayerTime> profile(Tensor batch);

    /** @return whether every run takes the same time (a cycle model): one run then says all */
    default boolean deterministic() {
        return false;
    }
}
