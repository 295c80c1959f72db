package dev.convoy.integer;

import dev.convoy.graph.Graph;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a quantized model: the fp32 prelude, QuantizeLinear, integer layers, DequantizeLinear, the fp32
 * epilogue. Between the quantize and the dequantize every value is an integer of its format and every
 * operation is integer arithmetic (onnx mode's requantization multiplies by a float32 scale, as ONNX Runtime
 * defines it). Results do not depend on the thread count.
 */
public final class IntegerBackend implements AutoCloseable {
    private final QuantizedModel model;
    private final ReferenceBackend prelude;
    private final ReferenceBackend epilogue;
    private final IntegerLayers<?> layers;
    private final Map<String, Integer> lastUse;

    /**
     * Runs integer convolutions another way (tile by tile, as a simulated accelerator moves them); every
     * other layer and all requantization rules stay those of the reference.
     */
    @FunctionalInterface
    public interface ConvExecutor {
        /**
         * @param node     the layer
         * @param conv     its integer convolution
         * @param x        input integers, n samples
         * @param inShape  per-sample input shape
         * @param outShape per-sample output shape
         * @param n        samples
         * @return output integers, or null to leave this layer to the reference loops (e.g. when a fast path
         *         cannot keep its sums exact for the layer's formats)
         */
        int[] run(QNode node, QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n);
    }

    /**
     * @param model   the quantized model
     * @param threads worker threads
     */
    public IntegerBackend(QuantizedModel model, int threads) {
        this(model, threads, null);
    }

    /**
     * @param model        the quantized model
     * @param threads      worker threads
     * @param convolutions how to run integer convolutions, or null for the reference loops
     */
    public IntegerBackend(QuantizedModel model, int threads, ConvExecutor convolutions) {
        this(model, new HostIntegerLayers(model, threads, convolutions));
    }

    /**
     * @param model  the quantized model
     * @param layers where its integer layers run (closed with this backend)
     */
    public IntegerBackend(QuantizedModel model, IntegerLayers<?> layers) {
        this.model = model;
        this.layers = layers;
        this.prelude = new ReferenceBackend(model.prelude(), 1);
        this.epilogue = new ReferenceBackend(model.epilogue(), 1);
        this.lastUse = Graph.lastReaders(model.layers().stream().map(QNode::inputs).toList(), List.of(model.integerOutput()));
    }

    /** @param model the quantized model, run on all available processors */
    public IntegerBackend(QuantizedModel model) {
        this(model, Runtime.getRuntime().availableProcessors(), null);
    }

    /** @return the model */
    public QuantizedModel model() {
        return model;
    }

    /** @return where the integer layers run */
    public String engine() {
        return layers.describe();
    }

    /**
     * @param input [N, per-sample input shape...]
     * @return the model's output, dequantized (and through the epilogue)
     */
    public Tensor run(Tensor input) {
        return run(input, null);
    }

    /**
     * @param input [N, ...]
     * @param tap   receives the quantized input and every layer's integers, or null
     * @return the model's output
     */
    public Tensor run(Tensor input, IntTap tap) {
        int[] q = runIntegers(input, tap);
        String out = model.integerOutput();
        ActQuant f = model.formats().get(out);
        int n = input.shape().dim(0);
        float[] deq = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            deq[i] = f.dequantize(q[i]);
        }
        Tensor t = new Tensor(model.shapes().get(out).withBatch(n), deq);
        return epilogue.run(t);
    }

    /**
     * @param input [N, ...]
     * @param tap   receives every integer value, or null
     * @return the integers of the last integer value
     */
    public int[] runIntegers(Tensor input, IntTap tap) {
        int n = input.shape().dim(0);
        long largest = 0;
        for (Shape shape : model.shapes().values()) {
            largest = Math.max(largest, shape.size());
        }
        // a layer's input, its output and a residual branch alive at once, as ints (the host keeps them there)
        dev.convoy.tensor.HeapBudget.require(3L * 4 * largest * n, "batch of " + n + " (integer activations)", "use a smaller batch");
        Tensor pre = prelude.run(input);
        String qin = model.quantizedInput();
        ActQuant fin = model.formats().get(qin);
        int[] x = new int[pre.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = fin.quantize(pre.data()[i]);
        }
        if (tap != null) {
            tap.accept(null, qin, pre.shape(), x, fin);
        }
        return runOn(layers, qin, x, n, tap);
    }

    // The one sequence every engine follows; a value is freed right after its last reader.
    private <V> int[] runOn(IntegerLayers<V> engine, String qin, int[] x, int n, IntTap tap) {
        Map<String, V> values = new HashMap<>();
        values.put(qin, engine.load(qin, x));
        try {
            List<QNode> nodes = model.layers();
            for (int i = 0; i < nodes.size(); i++) {
                QNode node = nodes.get(i);
                List<V> ins = new ArrayList<>();
                node.inputs().forEach(name -> ins.add(values.get(name)));
                Shape inShape = model.shapes().get(node.inputs().get(0));
                Shape outShape = model.shapes().get(node.output());
                V result = engine.run(node, ins, inShape, outShape, n);
                values.put(node.output(), result);
                if (tap != null) {
                    tap.accept(node, node.output(), outShape.withBatch(n), engine.read(result), model.formats().get(node.output()));
                }
                for (String name : node.inputs()) {
                    if (lastUse.getOrDefault(name, -1) == i && values.containsKey(name)) {
                        engine.free(values.remove(name));
                    }
                }
            }
            return engine.read(values.get(model.integerOutput()));
        } finally {
            values.values().forEach(engine::free);
        }
    }

    @Override
    public void close() {
        layers.close();
        prelude.close();
        epilogue.close();
    }
}
