package dev.convoy.quant;

import dev.convoy.BadInputException;
import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Concat;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.graph.Pad;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Builds the integer layer for one fp32 node, choosing its output format. */
final class LayerBuilder {
    private final Graph g;
    private final QuantOptions model;
    private QuantOptions o; // the options of the node being built: the model's, or its --layer-scheme format
    private final Map<String, ActQuant> formats;
    private final Map<String, Histogram> stats;
    private final java.util.Set<String> shared;

    /**
     * @param shared values that must share one format (a Concat's inputs and output): in shift mode they take
     *               the fractional bits covering their common range rather than a per-tensor search
     */
    LayerBuilder(Graph g, QuantOptions o, Map<String, ActQuant> formats, Map<String, Histogram> stats, java.util.Set<String> shared) {
        this.g = g;
        this.model = o;
        this.o = o;
        this.formats = formats;
        this.stats = stats;
        this.shared = shared;
    }

    /** @return whether the integer layer for this op keeps its input's format (no requantization) */
    static boolean passesFormatThrough(Op op) {
        return (op instanceof Pool p && p.kind() == PoolKind.MAX) || (op instanceof GlobalPool gp && gp.kind() == PoolKind.MAX)
                || op instanceof Reshape || op instanceof Flatten || op instanceof Pad || op instanceof dev.convoy.graph.Rearrangement;
    }

    /** @return whether the integer layer for this op ends in a requantization that can absorb a ReLU/Clip */
    static boolean clampsOutput(Op op) {
        return op instanceof Conv || op instanceof Dense || op instanceof BatchNorm
                || (op instanceof GlobalPool gp && gp.kind() == PoolKind.AVERAGE)
                || (op instanceof Pool p && p.kind() == PoolKind.AVERAGE)
                || (op instanceof Binary b && (b.kind() == BinaryKind.ADD || b.kind() == BinaryKind.MUL));
    }

    /** The format of a value from its calibrated range: affine, or fixed point with a searched F. */
    ActQuant format(String value, Range r, Integer maxFrac) {
        if (r == null) {
            throw new BadInputException("value '" + value + "' was not seen during calibration");
        }
        if (o.powerOfTwo()) {
            return ActQuant.fixed(Quantizer.searchFrac(shared.contains(value) ? null : stats.get(value), r, o, maxFrac == null ? 40 : maxFrac));
        }
        return ActQuant.affine(r, o.scheme(), o.requant());
    }

    /** What the integer path lacks for one node: caught by {@link #build}, which keeps the node as an fp32 island. */
    private static final class NoIntegerLayer extends RuntimeException {
        NoIntegerLayer(String what) {
            super(what, null, false, false);
        }
    }

    /** @return whether the user asked for this node (by name or ONNX operator type) to stay in fp32 */
    boolean excluded(Node n) {
        return o.exclude().contains(n.name()) || o.exclude().contains(n.op().type());
    }

    /**
     * @param n     an fp32 node of the integer segment
     * @param out   the value the layer produces (a fused ReLU/Clip's output when one is folded in)
     * @param clamp the folded ReLU/Clip, or NONE
     * @param range the calibrated range of {@code out}
     * @return the integer layer, or an fp32 island when the node is excluded or has no exact integer form
     */
    QNode build(Node n, String out, Activation clamp, Range range) {
        if (excluded(n)) {
            return island(n, out, clamp, range, "excluded");
        }
        o = model.forNode(n.name());
        try {
            return integer(n, out, clamp, range);
        } catch (NoIntegerLayer e) {
            return island(n, out, clamp, range, e.getMessage());
        } finally {
            o = model;
        }
    }

    private QNode island(Node n, String out, Activation clamp, Range range, String reason) {
        java.util.List<Value> inputs = new java.util.ArrayList<>();
        Map<String, Tensor> consts = new java.util.LinkedHashMap<>();
        for (String i : n.inputs()) {
            if (g.constants().containsKey(i)) {
                consts.put(i, g.constants().get(i));
            } else if (inputs.stream().noneMatch(v -> v.name().equals(i))) {
                inputs.add(g.value(i));
            }
        }
        java.util.List<Node> nodes = new java.util.ArrayList<>(java.util.List.of(n));
        if (clamp != Activation.NONE) {
            nodes.add(new Node(n.name() + "/clamp", new ActivationLayer(clamp), java.util.List.of(n.output()), out));
        }
        formats.put(out, format(out, range, null));
        dev.convoy.graph.Graph island = new dev.convoy.graph.Graph(n.name(), inputs, nodes, consts, java.util.List.of(out));
        return new QNode(n.name(), new QLayer.QFloat(island, reason), inputs.stream().map(Value::name).toList(), out);
    }

    private QNode integer(Node n, String out, Activation clamp, Range range) {
        Op op = n.op();
        String in = n.inputs().get(0);
        Value x = g.value(in);
        QLayer layer;
        if (op instanceof Conv c) {
            layer = conv(out, range, clamp, in, c.weight().data(), c.outChannels(), c.bias(), c.window(), c.groups(), "Conv");
        } else if (op instanceof Dense d) {
            if (x.shape().rank() != 1) {
                throw unsupported(n, "Gemm/MatMul on a " + x.describe() + " input (only [N,K])");
            }
            layer = conv(out, range, clamp, in, d.weight().data(), d.outFeatures(), d.bias(), unit(1, 1), 1, "Gemm");
        } else if (op instanceof BatchNorm bn) {
            if (x.shape().rank() != 3) {
                throw unsupported(n, "BatchNormalization on a " + x.describe() + " tensor (only [N,C,H,W])");
            }
            int ch = bn.scale().length;
            float[] w = new float[ch];
            float[] b = new float[ch];
            for (int i = 0; i < ch; i++) {
                w[i] = bn.multiplier(i);
                b[i] = bn.offset(i);
            }
            layer = conv(out, range, clamp, in, w, ch, b, unit(1, 1), ch, "BatchNormalization");
        } else if (op instanceof GlobalPool gp && gp.kind() == PoolKind.AVERAGE) {
            layer = average(out, range, clamp, in, unit(x.shape().dim(1), x.shape().dim(2)), "GlobalAveragePool");
        } else if (op instanceof Pool p && p.kind() == PoolKind.AVERAGE) {
            checkConstantDivisor(n, p, x.shape());
            layer = average(out, range, clamp, in, p.window(), "AveragePool");
        } else if (op instanceof Pool p) {
            formats.put(out, formats.get(in));
            layer = new QLayer.QMaxPool(p.window());
        } else if (op instanceof GlobalPool) {
            formats.put(out, formats.get(in));
            layer = new QLayer.QMaxPool(unit(x.shape().dim(1), x.shape().dim(2)));
        } else if (op instanceof Binary b) {
            layer = binary(n, b, out, range, clamp);
        } else if (op instanceof ActivationLayer a) {
            ActQuant fin = formats.get(in);
            ActQuant fout = format(out, range, null);
            formats.put(out, fout);
            int[] table = new int[fin.qmax() - fin.qmin() + 1];
            for (int q = fin.qmin(); q <= fin.qmax(); q++) {
                table[q - fin.qmin()] = fout.quantize(a.function().apply(fin.dequantize(q)));
            }
            layer = new QLayer.QLut(table, fin.qmin(), a.function());
        } else if (op instanceof Reshape || op instanceof Flatten) {
            formats.put(out, formats.get(in));
            layer = new QLayer.QReshape();
        } else if (op instanceof Concat c) {
            ActQuant f = formats.get(in);
            for (String i : n.inputs()) {
                if (!formats.get(i).equals(f)) {
                    throw unsupported(n, "Concat of inputs in different formats (" + in + " vs " + i + ")");
                }
            }
            formats.put(out, f);
            layer = new QLayer.QConcat(c.sampleAxis(x));
        } else if (op instanceof Pad p) {
            ActQuant f = formats.get(in);
            formats.put(out, f);
            layer = new QLayer.QPad(p.begin(), p.end(), p.mode(), f.quantize(p.value()));
        } else if (op instanceof dev.convoy.graph.Rearrangement r) {
            formats.put(out, formats.get(in));
            layer = new QLayer.QMove(r);
        } else {
            throw unsupported(n, op.type());
        }
        return new QNode(n.name(), layer, n.inputs().stream().filter(v -> !g.constants().containsKey(v)).toList(), out);
    }

    private static NoIntegerLayer unsupported(Node n, String what) {
        return new NoIntegerLayer("the integer path has no exact " + what);
    }

    private static Window unit(int kh, int kw) {
        return new Window(kh, kw, 1, 1, 1, 1, Padding.NONE, false);
    }

    private void checkConstantDivisor(Node n, Pool p, Shape in) {
        Window w = p.window();
        Padding pad = w.padding();
        boolean padded = pad.top() + pad.left() + pad.bottom() + pad.right() > 0;
        if (padded && !p.countIncludePad()) {
            throw unsupported(n, "AveragePool with padding excluded from the divisor");
        }
        boolean overhang = (w.outH(in.dim(1)) - 1) * w.strideH() + w.extentH() > in.dim(1) + pad.top() + pad.bottom()
                || (w.outW(in.dim(2)) - 1) * w.strideW() + w.extentW() > in.dim(2) + pad.left() + pad.right();
        if (overhang) {
            throw unsupported(n, "AveragePool windows hanging past the padding (ceil_mode)");
        }
    }

    /** Average pooling as a depthwise convolution whose weights stand for 1/N. */
    private QLayer average(String out, Range range, Activation clamp, String in, Window window, String origin) {
        ActQuant fx = formats.get(in);
        int ch = g.value(in).shape().dim(0);
        int n = window.kernelH() * window.kernelW();
        int[] w = new int[ch * n];
        float[] scales = new float[ch];
        Requantizer[] req;
        ActQuant fy;
        if (o.powerOfTwo()) {
            int qmax = o.scheme().qmax();
            int fw = WeightQuantizer.coveringFrac(1.0 / n, qmax);
            int unitQ = (int) Math.min(qmax, Math.round(Math.scalb(1.0, fw) / n));
            Arrays.fill(w, unitQ);
            Arrays.fill(scales, (float) Math.scalb(1.0, -fw));
            fy = format(out, range, fx.frac() + fw);
            req = new Requantizer[] {new Requantizer.Shift(fy.fixed(), fx.frac() + fw)};
        } else {
            Arrays.fill(w, 1);
            float unitScale = (float) (1.0 / n);
            Arrays.fill(scales, unitScale);
            fy = format(out, range, null);
            req = new Requantizer[] {requantizer(fx, unitScale, fy)};
        }
        formats.put(out, fy);
        return new QLayer.QConv(w, new long[ch], window, ch, ch, fx.zeroPoint(), stage(req, fy, clamp), scales, origin);
    }

    private QLayer conv(String out, Range range, Activation clamp, String in, float[] weights, int m, float[] bias,
                        Window window, int groups, String origin) {
        ActQuant fx = formats.get(in);
        WeightQuantizer.Weights w = WeightQuantizer.quantize(weights, m, o);
        ActQuant fy = format(out, range, o.powerOfTwo() ? fx.frac() + w.frac() : null);
        formats.put(out, fy);
        long[] b = WeightQuantizer.bias(bias, m, fx.scale(), w, fx.frac(), o);
        Requantizer[] req = new Requantizer[o.powerOfTwo() ? 1 : m];
        if (o.powerOfTwo()) {
            req[0] = new Requantizer.Shift(fy.fixed(), fx.frac() + w.frac());
        } else {
            for (int c = 0; c < m; c++) {
                req[c] = requantizer(fx, w.scales()[c], fy);
            }
        }
        return new QLayer.QConv(w.values(), b, window, groups, m, fx.zeroPoint(), stage(req, fy, clamp), w.scales(), origin);
    }

    private Requantizer requantizer(ActQuant fx, float wScale, ActQuant fy) {
        return Requantizer.affine(o.requant(), fx, wScale, fy);
    }

    /** The clamp of a fused ReLU/Clip in the output format. */
    static OutputStage stage(Requantizer[] req, ActQuant fy, Activation clamp) {
        int lo = fy.qmin(), hi = fy.qmax();
        if (clamp instanceof Activation.Relu) {
            lo = Math.max(lo, fy.zeroPoint());
        } else if (clamp instanceof Activation.Clip c) {
            lo = Math.max(lo, fy.quantize(c.min()));
            hi = Math.min(hi, fy.quantize(c.max()));
        }
        return new OutputStage(req, fy.zeroPoint(), lo, hi);
    }

    private QLayer binary(Node n, Binary b, String out, Range range, Activation clamp) {
        Value a = g.value(n.inputs().get(0));
        Value c = g.value(n.inputs().get(1));
        if (a.batched() && c.batched() && b.kind() == BinaryKind.MUL) {
            ActQuant fa = formats.get(a.name()), fc = formats.get(c.name());
            ActQuant fy = format(out, range, o.powerOfTwo() ? fa.frac() + fc.frac() : null);
            formats.put(out, fy);
            OutputStage s = stage(new Requantizer[0], fy, clamp);
            return QLayer.QMul.of(fa, fc, fy, s.lo(), s.hi());
        }
        if (a.batched() && c.batched()) {
            if (b.kind() != BinaryKind.ADD) {
                throw unsupported(n, b.kind().onnxName() + " of two computed tensors");
            }
            if (!a.shape().equals(c.shape())) {
                throw unsupported(n, "Add of two computed tensors that broadcast");
            }
            ActQuant fa = formats.get(a.name()), fc = formats.get(c.name());
            ActQuant fy = format(out, range, o.powerOfTwo() ? Math.max(fa.frac(), fc.frac()) : null);
            formats.put(out, fy);
            OutputStage s = stage(new Requantizer[0], fy, clamp);
            return new QLayer.QAdd(fa, fc, fy, s.lo(), s.hi());
        }
        // a computed tensor with a per-channel or scalar constant: a depthwise 1x1 affine layer
        boolean constFirst = !a.batched();
        Value x = constFirst ? c : a;
        Tensor k = g.constants().get((constFirst ? a : c).name());
        Shape ks = Binary.perSample(constFirst ? a : c, x);
        int ch = x.shape().rank() == 0 ? 1 : x.shape().dim(0);
        if (k == null || !(ks.size() == 1 || (ks.size() == ch && ks.rank() == x.shape().rank() && ks.dim(0) == ch))) {
            throw unsupported(n, b.kind().onnxName() + " with a constant that is not per-channel");
        }
        float[] w = new float[ch];
        float[] bias = new float[ch];
        for (int i = 0; i < ch; i++) {
            float v = k.data()[ks.size() == 1 ? 0 : i];
            switch (b.kind()) {
                case MUL -> w[i] = v;
                case ADD -> { w[i] = 1f; bias[i] = v; }
                case SUB -> { w[i] = constFirst ? -1f : 1f; bias[i] = constFirst ? v : -v; }
                case DIV -> {
                    if (constFirst) {
                        throw unsupported(n, "a constant divided by a computed tensor");
                    }
                    w[i] = 1f / v;
                }
            }
        }
        if (x.shape().rank() != 1 && x.shape().rank() != 3) {
            throw unsupported(n, b.kind().onnxName() + " on a " + x.describe() + " tensor (only [N,C] or [N,C,H,W])");
        }
        return conv(out, range, clamp, x.name(), w, ch, bias, unit(1, 1), ch, b.kind().onnxName());
    }
}
