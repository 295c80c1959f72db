package dev.convoy.integer;

import dev.convoy.quant.QNode;
import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Where a quantized model's integer layers run, each holding the integers of a value in its own form
 * {@code V}: Java arrays for the reference ({@link HostIntegerLayers}), device buffers for an OpenCL device.
 * {@link IntegerBackend} drives any of them through the same sequence — load the quantized input, run the
 * layers in order, free each value after its last reader, read the output — so every engine is judged on
 * the same integers.
 *
 * @param <V> one value's integers in this engine's form
 */
public interface IntegerLayers<V> extends AutoCloseable {
    /**
     * @param value   the value's name (its format decides how it is stored)
     * @param integers the quantized integers, n samples
     * @return the value in this engine's form
     */
    V load(String value, int[] integers);

    /**
     * @param node     the layer
     * @param inputs   its input values, in the node's order
     * @param inShape  per-sample shape of the first input
     * @param outShape per-sample output shape
     * @param n        samples
     * @return the output value (a new value; the inputs stay valid)
     */
    V run(QNode node, List<V> inputs, Shape inShape, Shape outShape, int n);

    /**
     * @param value a value from {@link #load} or {@link #run}
     * @return its integers (must not be modified)
     */
    int[] read(V value);

    /** @param value a value no later layer reads */
    void free(V value);

    /** @return where the layers run, for reports, e.g. {@code "CPU reference"} */
    String describe();

    @Override
    void close();
}
