package dev.convoy.integer;

import dev.convoy.BadInputException;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * The integer reference: every layer as Java loops over int arrays. Its results define the integer
 * numerics every other engine must equal bit for bit. Results do not depend on the thread count.
 */
public final class HostIntegerLayers implements IntegerLayers<int[]> {
    private final QuantizedModel model;
    private final Parallel parallel;
    private final IntegerBackend.ConvExecutor convolutions;

    /**
     * @param model        the quantized model
     * @param threads      worker threads
     * @param convolutions how to run integer convolutions, or null for the reference loops
     */
    public HostIntegerLayers(QuantizedModel model, int threads, IntegerBackend.ConvExecutor convolutions) {
        this.model = model;
        this.parallel = new Parallel(Math.max(1, threads));
        this.convolutions = convolutions;
    }

    @Override
    public int[] load(String value, int[] integers) {
        return integers;
    }

    @Override
    public int[] run(QNode node, List<int[]> inputs, Shape inShape, Shape outShape, int n) {
        QLayer layer = node.layer();
        int[] x = inputs.get(0);
        if (layer instanceof QLayer.QConv c) {
            int[] out = convolutions != null ? convolutions.run(node, c, x, inShape, outShape, n) : null;
            return out != null ? out : IntConvKernel.run(c, x, inShape, outShape, n, parallel);
        } else if (layer instanceof QLayer.QMaxPool p) {
            return IntPoolKernel.run(p, x, inShape, outShape, n, parallel);
        } else if (layer instanceof QLayer.QAdd a) {
            int[] y = inputs.get(1);
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
            return concat(c, node.inputs(), inputs, outShape, n);
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
        } else if (layer instanceof QLayer.QMul m) {
            return IntMulKernel.run(m, x, inShape, inputs.get(1), model.shapes().get(node.inputs().get(1)), outShape, n);
        } else if (layer instanceof QLayer.QMove m) {
            int[] src = m.op().sourceIndex(inShape);
            int[] out = new int[n * src.length];
            int per = inShape.size();
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < src.length; i++) {
                    out[s * src.length + i] = x[s * per + src[i]];
                }
            }
            return out;
        } else if (layer instanceof QLayer.QFloat f) {
            return island(node, f, inputs, outShape, n);
        }
        throw new IllegalStateException("no integer kernel for " + layer.type());
    }

    /** Dequantize → the fp32 reference's kernels → quantize: the one definition every engine uses for islands. */
    private int[] island(QNode node, QLayer.QFloat f, List<int[]> inputs, Shape outShape, int n) {
        dev.convoy.graph.Graph g = f.graph();
        java.util.Map<String, float[]> values = new java.util.HashMap<>();
        g.constants().forEach((k, t) -> values.put(k, t.data()));
        for (int k = 0; k < node.inputs().size(); k++) {
            int[] q = inputs.get(k);
            dev.convoy.quant.ActQuant fmt = model.formats().get(node.inputs().get(k));
            float[] d = new float[q.length];
            for (int i = 0; i < q.length; i++) {
                d[i] = fmt.dequantize(q[i]);
            }
            values.put(node.inputs().get(k), d);
        }
        for (dev.convoy.graph.Node op : g.nodes()) {
            List<float[]> ins = op.inputs().stream().map(values::get).toList();
            values.put(op.output(), dev.convoy.reference.ReferenceBackend.runNode(op, g.inputsOf(op), ins,
                    g.value(op.output()).shape(), n, parallel));
        }
        float[] y = values.get(g.outputs().get(0));
        dev.convoy.quant.ActQuant fy = model.formats().get(node.output());
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = fy.quantize(y[i]);
        }
        return out;
    }

    private int[] concat(QLayer.QConcat c, List<String> names, List<int[]> inputs, Shape outShape, int n) {
        int outer = 1;
        for (int i = 0; i < c.axis(); i++) {
            outer *= outShape.dim(i);
        }
        int[] out = new int[n * outShape.size()];
        int pos = 0;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < inputs.size(); k++) {
                    int per = model.shapes().get(names.get(k)).size();
                    int chunk = per / outer;
                    System.arraycopy(inputs.get(k), s * per + o * chunk, out, pos, chunk);
                    pos += chunk;
                }
            }
        }
        return out;
    }

    @Override
    public int[] read(int[] value) {
        return value;
    }

    @Override
    public void free(int[] value) {
        // garbage-collected
    }

    @Override
    public String describe() {
        return convolutions == null ? "CPU reference" : "CPU reference, convolutions " + convolutions.getClass().getSimpleName();
    }

    @Override
    public void close() {
        parallel.close();
    }
}
