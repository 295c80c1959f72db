package dev.convoy.engine;

import dev.convoy.eval.BatchStream;
import dev.convoy.eval.LayerTime;
import dev.convoy.eval.ProfiledModel;
import dev.convoy.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A model opened on a device at a precision: runs batches, reports per-layer times, and is closed when done
 * (device buffers, kernels, contexts). Every backend is one — the fp32 and integer references, OpenCL fp32
 * and integer, a precompiled FPGA kernel set, Aparapi and the simulator — and {@link Engines#open} picks it.
 * One batch at a time; not for concurrent use from several threads.
 */
public interface Engine extends ProfiledModel, BatchStream, AutoCloseable {
    /** @return the model it runs */
    Model model();

    /** @return the device it runs on: the one requested, or {@code cpu} after a fallback */
    Device device();

    /** @return the precision it runs at */
    Precision precision();

    /** @return where and how it runs, for reports, e.g. {@code fp32 on NVIDIA H100 80GB HBM3} */
    String description();

    /**
     * @param batch the model's input {@code [N, ...]} (see {@link Model#fit} for images)
     * @return the model's output for the batch
     */
    @Override
    Tensor run(Tensor batch);

    /**
     * Runs one batch, timing each layer: OpenCL event time on OpenCL devices, wall time between layers on the
     * host (reference, Aparapi), the cycle model's time on the simulator.
     *
     * @param batch as for {@link #run}
     * @return one entry per layer, in execution order
     */
    @Override
    List<LayerTime> profile(Tensor batch);

    /**
     * Streams batches through the engine; OpenCL engines upload the next batch and read back the last while
     * the device computes. The default runs them one after another.
     *
     * @param batches inputs, one tensor per batch
     * @param outputs receives each batch's output, in order
     */
    @Override
    default void run(Iterator<Tensor> batches, Consumer<Tensor> outputs) {
        batches.forEachRemaining(b -> outputs.accept(run(b)));
    }

    /**
     * @param dataset the images' name, for messages
     * @return this engine fed batches of images, each fitted to the model's input first ({@link Model#fit})
     */
    default BatchStream images(String dataset) {
        return (batches, outputs) -> run(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Tensor next() {
                return model().fit(batches.next(), dataset);
            }
        }, outputs);
    }

    /**
     * @return what a report needs to say which device made it: {@code device} (its name), {@code driver}
     *         (OpenCL version and driver, where there is one), {@code hardware} (the simulated accelerator)
     */
    Map<String, String> provenance();

    /** Frees what the engine holds (device memory, kernels, contexts). */
    @Override
    void close();
}
