package dev.convoy.validate;

import dev.convoy.data.ImageSource;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer sensitivity to quantization, the way hls4ml's and Vitis AI's profilers rank layers: for each layer
 * that rounds (a convolution, fully-connected layer, table, product or sum — not the layers that only move
 * integers), the fp32 network is run with only that layer quantized: its weights replaced by their integer values
 * times their scales, its inputs and its output rounded to the formats the quantized model gives them. Every other
 * layer stays fp32. The cost is one fp32 pass over the images per layer (on the reference loops).
 */
public final class Sensitivity {
    private Sensitivity() {
    }

    /**
     * @param prepared the fp32 graph the quantized model was built from ({@code Quantizer.prepare})
     * @param q        the quantized model (its formats and integer weights)
     * @param images   labelled images
     * @param batch    images per run
     * @param threads  worker threads
     * @param progress told after each layer
     * @return one entry per rounding layer, the most harmful first (by top-1 lost, then by output SQNR)
     */
    public static List<LayerSensitivity> rank(Graph prepared, QuantizedModel q, ImageSource images, int batch, int threads, Progress progress) {
        String input = prepared.inputs().get(0).name();
        int n = images.size();
        float[][] fp32 = new float[(n + batch - 1) / batch][];
        int[] labels = images.labels(0, n);
        try (ReferenceBackend ref = new ReferenceBackend(prepared, threads)) {
            for (int from = 0, b = 0; from < n; from += batch, b++) {
                fp32[b] = ref.run(images.images(from, Math.min(n, from + batch))).data();
            }
        }
        int classes = fp32[0].length / Math.min(batch, n);
        int correctRef = 0;
        for (int from = 0, b = 0; from < n; from += batch, b++) {
            for (int i = 0; i < Math.min(batch, n - from); i++) {
                correctRef += BatchedRun.argmax(fp32[b], i * classes, classes) == labels[from + i] ? 1 : 0;
            }
        }
        List<QNode> rounding = q.layers().stream().filter(l -> rounds(l.layer()) && prepared.producer(l.output()) != null).toList();
        List<LayerSensitivity> out = new ArrayList<>();
        int done = 0;
        for (QNode layer : rounding) {
            int correct = 0, agree = 0;
            double signal = 0, noise = 0;
            try (ReferenceBackend one = new ReferenceBackend(prepared, threads, new OneLayerQuantized(prepared, q, layer))) {
                for (int from = 0, b = 0; from < n; from += batch, b++) {
                    float[] y = one.run(Map.of(input, images.images(from, Math.min(n, from + batch))), null).get(prepared.outputs().get(0)).data();
                    float[] r = fp32[b];
                    for (int i = 0; i < y.length; i++) {
                        signal += (double) r[i] * r[i];
                        noise += ((double) r[i] - y[i]) * ((double) r[i] - y[i]);
                    }
                    for (int i = 0; i < Math.min(batch, n - from); i++) {
                        int p = BatchedRun.argmax(y, i * classes, classes);
                        correct += p == labels[from + i] ? 1 : 0;
                        agree += p == BatchedRun.argmax(r, i * classes, classes) ? 1 : 0;
                    }
                }
            }
            double sqnr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
            out.add(new LayerSensitivity(layer.name(), layer.layer().type(), 100.0 * (correctRef - correct) / n, (double) agree / n, sqnr));
            progress.update(++done, rounding.size());
        }
        out.sort(Comparator.comparingDouble(LayerSensitivity::dropPoints).reversed()
                .thenComparingDouble(LayerSensitivity::outputSqnrDb));
        return out;
    }

    /** @return whether the layer rounds values (rather than moving integers in their own format) */
    static boolean rounds(QLayer l) {
        return l instanceof QLayer.QConv || l instanceof QLayer.QAdd || l instanceof QLayer.QMul || l instanceof QLayer.QLut;
    }

    /** Runs one layer of the fp32 graph as the quantized model does: rounded weights, inputs and output. */
    private static final class OneLayerQuantized implements ReferenceBackend.NodeRunner {
        private final QuantizedModel q;
        private final QNode layer;
        private final Node node;
        private final Node rounded;
        private final String output;

        OneLayerQuantized(Graph g, QuantizedModel q, QNode layer) {
            this.q = q;
            this.layer = layer;
            this.output = layer.output();
            Node n = null;
            for (Node c : g.nodes()) {
                if (c.name().equals(layer.name())) {
                    n = c;
                }
            }
            this.node = n;
            this.rounded = n == null ? null : new Node(n.name(), withIntegerWeights(n, layer.layer()), n.inputs(), n.output());
        }

        private static dev.convoy.graph.Op withIntegerWeights(Node n, QLayer l) {
            if (!(l instanceof QLayer.QConv c)) {
                return n.op();
            }
            int per = c.taps();
            float[] w = new float[c.weight().length];
            for (int i = 0; i < w.length; i++) {
                w[i] = c.weight()[i] * c.weightScales()[i / per];
            }
            if (n.op() instanceof Conv cv && cv.weight().size() == w.length) {
                return new Conv(new Tensor(cv.weight().shape(), w), cv.bias(), cv.window(), cv.groups(), cv.activation());
            }
            if (n.op() instanceof Dense d && d.weight().size() == w.length) {
                return new Dense(new Tensor(d.weight().shape(), w), d.bias(), d.activation());
            }
            return n.op(); // BatchNorm and pooling as depthwise layers: their inputs and output are rounded, not their constants
        }

        @Override
        public float[] run(Node n, List<Value> inputs, List<float[]> values, Shape outShape, int batch) {
            boolean isLayer = node != null && n.name().equals(node.name());
            boolean producesOutput = n.output().equals(output);
            if (!isLayer && !producesOutput) {
                return null;
            }
            List<float[]> ins = values;
            if (isLayer) {
                ins = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    ActQuant f = layer.inputs().contains(n.inputs().get(i)) ? q.formats().get(n.inputs().get(i)) : null;
                    ins.add(f == null ? values.get(i) : round(values.get(i), f));
                }
            }
            float[] y = ReferenceBackend.runNode(isLayer ? rounded : n, inputs, ins, outShape, batch, PARALLEL);
            return producesOutput ? round(y, q.formats().get(output)) : y;
        }

        private static float[] round(float[] x, ActQuant f) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = f.dequantize(f.quantize(x[i]));
            }
            return out;
        }
    }

    private static final dev.convoy.reference.Parallel PARALLEL = new dev.convoy.reference.Parallel(1);

    /** @return the rank as a table */
    public static String toText(List<LayerSensitivity> ranked, int images) {
        dev.convoy.report.Table t = new dev.convoy.report.Table("rank", "layer", "op", "top-1 drop (points)", "agreement %", "output SQNR dB");
        int i = 1;
        for (LayerSensitivity s : ranked) {
            t.row(Integer.toString(i++), s.name(), s.op(), String.format(java.util.Locale.ROOT, "%.2f", s.dropPoints()),
                    String.format(java.util.Locale.ROOT, "%.2f", 100 * s.agreement()),
                    Double.isInfinite(s.outputSqnrDb()) ? "inf" : String.format(java.util.Locale.ROOT, "%.1f", s.outputSqnrDb()));
        }
        return "sensitivity: each layer alone quantized, the rest fp32, on " + images + " images\n" + t.render();
    }
}
