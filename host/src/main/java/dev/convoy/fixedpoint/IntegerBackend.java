package dev.convoy.fixedpoint;

import dev.convoy.BadInputException;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.Parallel;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
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
    private final Parallel parallel;
    private final ReferenceBackend prelude;
    private final ReferenceBackend epilogue;
    private final ConvExecutor convolutions;

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
         * @return output integers
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
        this.convolutions = convolutions;
        this.model = model;
        this.parallel = new Parallel(Math.max(1, threads));
        this.prelude = new ReferenceBackend(model.prelude(), 1);
        this.epilogue = new ReferenceBackend(model.epilogue(), 1);
    }

    /** @param model the quantized model, run on all available processors */
    public IntegerBackend(QuantizedModel model) {
        this(model, Runtime.getRuntime().availableProcessors(), null);
    }

    /** @return the model */
    public QuantizedModel model() {
        return model;
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
        Tensor pre = prelude.run(input);
        int n = input.shape().dim(0);
        String qin = model.quantizedInput();
        ActQuant fin = model.formats().get(qin);
        int[] x = new int[pre.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = fin.quantize(pre.data()[i]);
        }
        Map<String, int[]> values = new HashMap<>();
        values.put(qin, x);
        if (tap != null) {
            tap.accept(null, qin, pre.shape(), x, fin);
        }
        for (QNode node : model.layers()) {
            String in = node.inputs().get(0);
            Shape inShape = model.shapes().get(in);
            Shape outShape = model.shapes().get(node.output());
            int[] result = execute(node, values, inShape, outShape, n);
            values.put(node.output(), result);
            if (tap != null) {
                tap.accept(node, node.output(), outShape.withBatch(n), result, model.formats().get(node.output()));
            }
        }
        return values.get(model.integerOutput());
    }

    private int[] execute(QNode node, Map<String, int[]> values, Shape inShape, Shape outShape, int n) {
        QLayer layer = node.layer();
        int[] x = values.get(node.inputs().get(0));
        if (layer instanceof QLayer.QConv c) {
            return convolutions != null ? convolutions.run(node, c, x, inShape, outShape, n) : IntConvKernel.run(c, x, inShape, outShape, n, parallel);
        } else if (layer instanceof QLayer.QMaxPool p) {
            return IntPoolKernel.run(p, x, inShape, outShape, n, parallel);
        } else if (layer instanceof QLayer.QAdd a) {
            int[] y = values.get(node.inputs().get(1));
            if (y.length != x.length) {
                throw new BadInputException("node '" + node.name() + "': the integer path adds tensors of one shape only");
            }
            return IntAddKernel.run(a, x, y);
        } else if (layer instanceof QLayer.QLut l) {
            int[] out = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = l.table()[x[i] - l.qmin()];
            }
            return out;
        } else if (layer instanceof QLayer.QReshape) {
            return x;
        } else if (layer instanceof QLayer.QConcat c) {
            return concat(c, node.inputs(), values, outShape, n);
        } else if (layer instanceof QLayer.QPad p) {
            int[] src = new dev.convoy.graph.Pad(p.begin(), p.end(), p.mode(), 0f).sourceIndex(inShape);
            int[] out = new int[n * src.length];
            int per = inShape.size();
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < src.length; i++) {
                    out[s * src.length + i] = src[i] < 0 ? p.value() : x[s * per + src[i]];
                }
            }
            return out;
        }
        throw new IllegalStateException("no integer kernel for " + layer.type());
    }

    private int[] concat(QLayer.QConcat c, List<String> inputs, Map<String, int[]> values, Shape outShape, int n) {
        int outer = 1;
        for (int i = 0; i < c.axis(); i++) {
            outer *= outShape.dim(i);
        }
        int[] out = new int[n * outShape.size()];
        int pos = 0;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outer; o++) {
                for (String in : inputs) {
                    int per = model.shapes().get(in).size();
                    int chunk = per / outer;
                    System.arraycopy(values.get(in), s * per + o * chunk, out, pos, chunk);
                    pos += chunk;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        parallel.close();
        prelude.close();
        epilogue.close();
    }
}
