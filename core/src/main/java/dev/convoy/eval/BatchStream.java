package dev.convoy.eval;

import dev.convoy.tensor.Tensor;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A model fed a stream of batches: it may work on several at once (an OpenCL device uploads the next batch
 * while it computes this one), and hands back one output per batch, in order.
 */
@FunctionalInterface
public interface BatchStream {
    /**
     * @param batches inputs, one tensor per batch
     * @param outputs receives each batch's output, in order
     */
    void run(Iterator<Tensor> batches, Consumer<Tensor> outputs);

    /** @return the model called batch by batch, each call finished before the next batch is made */
    static BatchStream of(UnaryOperator<Tensor> model) {
        return (batches, outputs) -> batches.forEachRemaining(b -> outputs.accept(model.apply(b)));
    }
}
