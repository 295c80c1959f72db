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
        // value → per spatial axis {receptive field, jump}; a value's spatial axes are its per-sample axes after the first
        Map<String, int[][]> field = new HashMap<>();
        Value in = g.inputs().get(0);
        int[] full = in.shape().rank() >= 2 ? java.util.Arrays.copyOfRange(in.shape().dims(), 1, in.shape().rank()) : new int[0];
        for (Value v : g.inputs()) {
            field.put(v.name(), unit(v.shape().rank() - 1));
        }
        List<LayerSummary> rows = new ArrayList<>();
        long params = 0, macs = 0, lc = 0, fc = 0;
        Map<dev.convoy.graph.Lowered, int[][]> groupInput = new HashMap<>();
        List<Node> nodes = g.nodes();
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            List<Value> ins = g.inputsOf(n);
            Value out = g.value(n.output());
            dev.convoy.graph.Lowered low = g.lowered().get(n.name());
            if (low != null) {
                // one row for the ONNX layer the IR nodes stand for, at its last node; its geometry per original axis
                groupInput.putIfAbsent(low, incoming(ins, field, full.length));
                boolean last = k + 1 == nodes.size() || g.lowered().get(nodes.get(k + 1).name()) != low;
                if (!last) {
                    continue;
                }
                int[][] x = groupInput.remove(low);
                int[][] rf = new int[low.kernel().length][];
                for (int a = 0; a < rf.length; a++) {
                    int[] f = a < x.length ? x[a] : new int[] {1, 1};
                    int extent = (low.kernel()[a] - 1) * low.dilation()[a] + 1;
                    boolean global = low.type().startsWith("Global") && full.length == rf.length;
                    rf[a] = new int[] {global ? full[a] : f[0] + (extent - 1) * f[1], f[1] * low.stride()[a]};
                }
                field.put(n.output(), rf);
                rows.add(new LayerSummary(low.onnxName(), low.type() + " " + low.kernel().length + "-D", out.describe(), low.parameters(),
                        low.macs(), describe(rf), low.unshared(), low.dense()));
                params += low.parameters();
                macs += low.macs();
                lc += low.unshared();
                fc += low.dense();
                continue;
            }
            int[][] rf = receptiveField(n, ins, out, field, full);
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
            rows.add(new LayerSummary(n.name(), op, out.describe(), p, m, describe(rf), local, dense));
            params += p;
            macs += m;
            lc += local;
            fc += dense;
        }
        return new ModelSummary(g.name(), in.describe(), List.copyOf(rows), params, macs, lc, fc);
    }

    private static int[][] unit(int axes) {
        int[][] f = new int[Math.max(0, axes)][];
        for (int a = 0; a < f.length; a++) {
            f[a] = new int[] {1, 1};
        }
        return f;
    }

    /** The largest field among the inputs, per axis (inputs of other ranks than the first are ignored). */
    private static int[][] incoming(List<Value> ins, Map<String, int[][]> field, int axes) {
        int[][] x = null;
        for (Value v : ins) {
            int[][] f = field.get(v.name());
            if (f == null) {
                continue;
            }
            if (x == null) {
                x = new int[f.length][];
                for (int a = 0; a < f.length; a++) {
                    x[a] = f[a].clone();
                }
            } else if (f.length == x.length) {
                for (int a = 0; a < f.length; a++) {
                    x[a][0] = Math.max(x[a][0], f[a][0]);
                    x[a][1] = Math.max(x[a][1], f[a][1]);
                }
            }
        }
        return x == null ? unit(axes) : x;
    }

    private static int[][] receptiveField(Node n, List<Value> ins, Value out, Map<String, int[][]> field, int[] full) {
        int[][] x = incoming(ins, field, out.shape().rank() - 1);
        Window w = null;
        if (n.op() instanceof Conv c) {
            w = c.window();
        } else if (n.op() instanceof Pool p) {
            w = p.window();
        }
        if (w != null && x.length == 2) {
            // r_out = r_in + (k_eff − 1)·j_in, j_out = j_in·s (Araujo et al., Distill 2019)
            return new int[][] {{x[0][0] + (w.extentH() - 1) * x[0][1], x[0][1] * w.strideH()},
                {x[1][0] + (w.extentW() - 1) * x[1][1], x[1][1] * w.strideW()}};
        }
        boolean whole = n.op() instanceof GlobalPool || n.op() instanceof Dense || n.op() instanceof Flatten
                || n.op() instanceof Softmax || n.op() instanceof dev.convoy.graph.Reduce
                || (n.op() instanceof Reshape && !sameSpatial(ins.get(0), out));
        if (whole) {
            // every input pixel reaches every output: the whole input, per axis of the model's input
            int[][] f = unit(full.length);
            for (int a = 0; a < f.length; a++) {
                f[a][0] = full[a];
            }
            return f;
        }
        return x;
    }

    /** @return whether a reshape keeps the spatial axes (it only merges or splits channels, as a channel shuffle does) */
    private static boolean sameSpatial(Value in, Value out) {
        int[] a = in.shape().dims(), b = out.shape().dims();
        int ka = a.length, kb = b.length;
        return ka >= 3 && kb >= 3 && a[ka - 1] == b[kb - 1] && a[ka - 2] == b[kb - 2];
    }

    private static String describe(int[][] rf) {
        if (rf.length == 0) {
            return "1";
        }
        StringBuilder b = new StringBuilder();
        for (int[] f : rf) {
            b.append(b.length() == 0 ? "" : "x").append(f[0]);
        }
        return b.toString();
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
