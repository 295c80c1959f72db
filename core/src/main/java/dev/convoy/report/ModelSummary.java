package dev.convoy.report;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Pool;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Softmax;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer description of a model: output shapes, parameters, MACs and receptive fields, plus — for each
 * convolution — the parameters a locally-connected layer (no weight sharing) and a fully-connected layer
 * would need for the same input→output mapping: the parameter-sharing argument in numbers.
 *
 * @param model                the model's name
 * @param input                the input shape, batch shown as N
 * @param layers               one row per node, in execution order
 * @param totalParameters      sum of layer parameters
 * @param totalMacs            sum of layer MACs per image
 * @param totalLocallyConnected sum over conv layers of their unshared parameter counts
 * @param totalFullyConnected  sum over conv layers of their dense-equivalent parameter counts
 */
public record ModelSummary(String model, String input, List<LayerSummary> layers, long totalParameters, long totalMacs,
                           long totalLocallyConnected, long totalFullyConnected) {

    /**
     * @param g a graph
     * @return its summary
     */
    public static ModelSummary of(Graph g) {
        Map<String, int[]> field = new HashMap<>(); // value → {rfH, rfW, jumpH, jumpW}
        Value in = g.inputs().get(0);
        int fullH = in.shape().rank() == 3 ? in.shape().dim(1) : 1;
        int fullW = in.shape().rank() == 3 ? in.shape().dim(2) : 1;
        for (Value v : g.inputs()) {
            field.put(v.name(), new int[] {1, 1, 1, 1});
        }
        List<LayerSummary> rows = new ArrayList<>();
        long params = 0, macs = 0, lc = 0, fc = 0;
        for (Node n : g.nodes()) {
            List<Value> ins = g.inputsOf(n);
            Value out = g.value(n.output());
            int[] rf = receptiveField(n, ins, field, fullH, fullW);
            field.put(n.output(), rf);
            long p = n.op().parameters();
            long m = n.op().macs(ins, out.shape());
            long local = 0, dense = 0;
            if (n.op() instanceof Conv c) {
                Shape o = out.shape();
                long perPosition = (long) c.weight().shape().dim(1) * c.window().kernelH() * c.window().kernelW()
                        + (c.bias() == null ? 0 : 1);
                local = (long) o.dim(1) * o.dim(2) * c.outChannels() * perPosition;
                dense = (long) ins.get(0).shape().size() * o.size() + (c.bias() == null ? 0 : o.size());
            }
            String op = n.op().type() + (n.op().activation() == Activation.NONE ? "" : "+" + n.op().activation().type());
            rows.add(new LayerSummary(n.name(), op, out.describe(), p, m, rf[0] + "x" + rf[1], local, dense));
            params += p;
            macs += m;
            lc += local;
            fc += dense;
        }
        return new ModelSummary(g.name(), in.describe(), List.copyOf(rows), params, macs, lc, fc);
    }

    private static int[] receptiveField(Node n, List<Value> ins, Map<String, int[]> field, int fullH, int fullW) {
        int[] x = new int[] {1, 1, 1, 1};
        for (Value v : ins) {
            int[] f = field.get(v.name());
            if (f != null) {
                for (int i = 0; i < 4; i++) {
                    x[i] = Math.max(x[i], f[i]);
                }
            }
        }
        Window w = null;
        if (n.op() instanceof Conv c) {
            w = c.window();
        } else if (n.op() instanceof Pool p) {
            w = p.window();
        }
        if (w != null) {
            // r_out = r_in + (k_eff − 1)·j_in, j_out = j_in·s (Araujo et al., Distill 2019)
            return new int[] {x[0] + (w.extentH() - 1) * x[2], x[1] + (w.extentW() - 1) * x[3],
                x[2] * w.strideH(), x[3] * w.strideW()};
        }
        if (n.op() instanceof GlobalPool || n.op() instanceof Dense || n.op() instanceof Flatten
                || n.op() instanceof Reshape || n.op() instanceof Softmax) {
            return new int[] {fullH, fullW, x[2], x[3]}; // every input pixel reaches every output
        }
        return x;
    }

    /** @return the per-layer table and totals as plain text */
    public String toText() {
        Table t = new Table("layer", "op", "output", "params", "MACs", "receptive field", "unshared params", "dense params");
        for (LayerSummary l : layers) {
            boolean conv = l.locallyConnectedParameters() > 0;
            t.row(l.name(), l.op(), l.outputShape(), Table.count(l.parameters()), Table.count(l.macs()), l.receptiveField(),
                    conv ? Table.count(l.locallyConnectedParameters()) : "", conv ? Table.count(l.fullyConnectedParameters()) : "");
        }
        t.row("total", "", "", Table.count(totalParameters), Table.count(totalMacs), "",
                Table.count(totalLocallyConnected), Table.count(totalFullyConnected));
        return "model " + model + ", input " + input + "\n" + t.render()
                + "unshared params: a locally-connected layer with one kernel (and bias) per output position; "
                + "dense params: a fully-connected layer from the same input to the same output.\n";
    }
}
