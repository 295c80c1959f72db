package dev.convoy.quant;

import dev.convoy.BadInputException;
import dev.convoy.arith.FixedPoint;
import dev.convoy.data.ImageSource;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Binary;
import dev.convoy.graph.Concat;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Softmax;
import dev.convoy.graph.Value;
import dev.convoy.passes.BatchNormFolding;
import dev.convoy.passes.BiasFolding;
import dev.convoy.passes.ConstantFolding;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Post-training quantization of an fp32 graph: calibrate, choose every activation's format, and build the
 * integer layers. ReLU and Clip fold into the producing layer's output clamp; other activations become
 * tables.
 */
public final class Quantizer {
    private Quantizer() {
    }

    /**
     * The graph the quantizer works on: constants, BatchNorm and biases folded, activations left standalone
     * so their calibrated ranges are visible.
     *
     * @param imported an imported graph
     * @return the graph to calibrate and quantize
     */
    public static Graph prepare(Graph imported) {
        return BiasFolding.apply(BatchNormFolding.apply(dev.convoy.passes.ReduceToGlobalPool.apply(
                dev.convoy.passes.ReshapeSinking.apply(ConstantFolding.apply(imported)))));
    }

    /**
     * @param imported the model as imported
     * @param calib    calibration images
     * @param options  how to quantize
     * @param progress told during calibration
     * @return the quantized model
     */
    public static QuantizedModel quantize(Graph imported, ImageSource calib, QuantOptions options, Progress progress) {
        return quantizePrepared(prepare(imported), calib, options, progress);
    }

    /**
     * As {@link #quantize}, for a graph {@link #prepare} already made (so a caller that also validates runs
     * the preparing passes once).
     *
     * @param prepared the graph {@link #prepare} returned
     * @param calib    calibration images
     * @param options  how to quantize
     * @param progress told during calibration
     * @return the quantized model
     */
    public static QuantizedModel quantizePrepared(Graph prepared, ImageSource calib, QuantOptions options, Progress progress) {
        return quantizePrepared(prepared, calib, options, progress, dev.convoy.reference.ReferenceBackend::new);
    }

    /**
     * As {@link #quantizePrepared(Graph, ImageSource, QuantOptions, Progress)}, calibrating on a given fp32 runner.
     *
     * @param prepared the graph {@link #prepare} returned
     * @param calib    calibration images
     * @param options  how to quantize
     * @param progress told during calibration
     * @param fp32     opens the fp32 runner calibration runs on (the reference, or the fast CPU engine)
     * @return the quantized model
     */
    public static QuantizedModel quantizePrepared(Graph prepared, ImageSource calib, QuantOptions options, Progress progress,
                                                  java.util.function.Function<Graph, ? extends dev.convoy.reference.GraphRunner> fp32) {
        Map<String, Histogram> stats = Calibrator.collect(prepared, calib, progress, fp32);
        return build(prepared, stats, options);
    }

    /**
     * @param g       a prepared graph
     * @param stats   calibration histograms of its batched values
     * @param options how to quantize
     * @return the quantized model
     */
    public static QuantizedModel build(Graph g, Map<String, Histogram> stats, QuantOptions options) {
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw new BadInputException("the integer path handles models with one input and one output");
        }
        requireKnownExclusions(g, options.exclude());
        requireKnownExclusions(g, options.layerSchemes().keySet());
        Segments seg = Segments.of(g);
        g.nodes().stream().filter(n -> options.exclude().contains(n.name()) || options.exclude().contains(n.op().type()))
                .forEach(seg.excluded::add);
        Set<String> shared = new HashSet<>();
        Map<String, Range> ranges = ranges(g, seg, stats, options, shared);
        Map<String, ActQuant> formats = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        LayerBuilder builder = new LayerBuilder(g, options, formats, stats, shared);
        formats.put(seg.quantizedInput, builder.format(seg.quantizedInput, ranges.get(seg.quantizedInput), null));
        shapes.put(seg.quantizedInput, g.value(seg.quantizedInput).shape());
        List<QNode> layers = new ArrayList<>();
        Set<Node> fusedAway = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!seg.integer.contains(n) || fusedAway.contains(n)) {
                continue;
            }
            Node act = fusableActivation(g, n, seg);
            String out = act == null ? n.output() : act.output();
            Activation clamp = act == null ? Activation.NONE : ((ActivationLayer) act.op()).function();
            if (act != null) {
                fusedAway.add(act);
            }
            QNode q = builder.build(n, out, clamp, ranges.get(out));
            layers.add(q);
            shapes.put(out, g.value(out).shape());
        }
        layers = mergeIslands(layers, seg.integerOutput, g);
        Graph prelude = seg.prelude(g);
        Graph epilogue = seg.epilogue(g);
        return new QuantizedModel(g.name(), options, prelude, seg.quantizedInput, layers, formats, shapes, seg.integerOutput, epilogue);
    }

    /**
     * Joins an island to the island before it when it is that island's only reader: the value between them then
     * stays fp32 instead of being rounded to a format and back, so a run of fp32 layers is one island, as
     * ONNX Runtime's QDQ graphs leave it.
     */
    static List<QNode> mergeIslands(List<QNode> layers, String integerOutput, Graph g) {
        List<QNode> out = new ArrayList<>(layers);
        for (boolean merged = true; merged; ) {
            merged = false;
            for (int i = 0; i < out.size() && !merged; i++) {
                if (!(out.get(i).layer() instanceof QLayer.QFloat first)) {
                    continue;
                }
                String v = out.get(i).output();
                List<Integer> readers = new ArrayList<>();
                for (int j = 0; j < out.size(); j++) {
                    if (out.get(j).inputs().contains(v)) {
                        readers.add(j);
                    }
                }
                if (v.equals(integerOutput) || readers.size() != 1) {
                    continue;
                }
                QNode next = out.get(readers.get(0));
                QLayer.QFloat second = next.layer() instanceof QLayer.QFloat f ? f : movesOnly(next, g);
                if (second == null) {
                    continue;
                }
                List<Value> inputs = new ArrayList<>(first.graph().inputs());
                for (Value x : second.graph().inputs()) {
                    if (!x.name().equals(v) && inputs.stream().noneMatch(y -> y.name().equals(x.name()))) {
                        inputs.add(x);
                    }
                }
                List<Node> nodes = new ArrayList<>(first.graph().nodes());
                nodes.addAll(second.graph().nodes());
                Map<String, dev.convoy.tensor.Tensor> consts = new LinkedHashMap<>(first.graph().constants());
                consts.putAll(second.graph().constants());
                Graph joined = new Graph(first.graph().name(), inputs, nodes, consts, second.graph().outputs());
                Set<String> reasons = new java.util.LinkedHashSet<>(List.of(first.reason().split("; ")));
                reasons.addAll(List.of(second.reason().split("; ")));
                String reason = String.join("; ", reasons);
                QNode q = new QNode(out.get(i).name(), new QLayer.QFloat(joined, reason), inputs.stream().map(Value::name).toList(),
                        next.output());
                // the joined island runs where the second did: all of its inputs exist by then
                out.set(readers.get(0), q);
                out.remove(i);
                merged = true;
            }
        }
        return out;
    }

    /**
     * A layer that only moves values (reshape, transpose, slice, max pooling, padding) read by an island alone runs
     * in fp32 inside it rather than rounding the island's output: as an island of its own, to be merged.
     */
    private static QLayer.QFloat movesOnly(QNode q, Graph g) {
        boolean moves = q.layer() instanceof QLayer.QReshape || q.layer() instanceof QLayer.QMove || q.layer() instanceof QLayer.QMaxPool
                || q.layer() instanceof QLayer.QPad;
        Node n = moves ? g.producer(q.output()) : null;
        if (n == null || !n.name().equals(q.name()) || q.inputs().size() != 1) {
            return null;
        }
        Map<String, dev.convoy.tensor.Tensor> consts = new LinkedHashMap<>();
        n.inputs().stream().filter(g.constants()::containsKey).forEach(c -> consts.put(c, g.constants().get(c)));
        return new QLayer.QFloat(new Graph(n.name(), List.of(g.value(q.inputs().get(0))), List.of(n), consts, List.of(q.output())),
                "between fp32 layers");
    }

    /** A ReLU or Clip that is the only reader of a layer able to clamp, folded into that layer. */
    private static Node fusableActivation(Graph g, Node n, Segments seg) {
        if (!LayerBuilder.clampsOutput(n.op()) || g.isOutput(n.output())) {
            return null;
        }
        List<Node> readers = g.consumers(n.output());
        if (readers.size() != 1 || !seg.integer.contains(readers.get(0))) {
            return null;
        }
        Node a = readers.get(0);
        if (seg.excluded.contains(a)) {
            return null; // an excluded ReLU stays its own (fp32) layer
        }
        if (a.op() instanceof ActivationLayer al
                && (al.function() instanceof Activation.Relu || al.function() instanceof Activation.Clip)) {
            return a;
        }
        return null;
    }

    /** An exclusion naming no node and no operator type of the model would be silently ignored: refuse it. */
    private static void requireKnownExclusions(Graph g, Set<String> exclude) {
        Set<String> types = new java.util.TreeSet<>();
        Set<String> names = new HashSet<>();
        for (Node n : g.nodes()) {
            types.add(n.op().type());
            names.add(n.name());
        }
        for (String e : exclude) {
            if (!types.contains(e) && !names.contains(e)) {
                throw new BadInputException("--exclude " + dev.convoy.Printable.name(e) + ": the model has no node and no operator of that"
                        + " name (its operators: " + String.join(", ", types) + "; node names: see convoy summary)");
            }
        }
    }

    /** A per-layer method naming nothing in the model would be silently ignored: refuse it instead. */
    private static void requireKnownNames(Graph g, Set<String> names) {
        Set<String> known = new HashSet<>();
        for (Node n : g.nodes()) {
            known.add(n.name());
            known.add(n.output());
        }
        for (String name : names) {
            if (!known.contains(name)) {
                String some = g.nodes().stream().limit(4).map(n -> dev.convoy.Printable.name(n.name()))
                        .collect(java.util.stream.Collectors.joining(", "));
                throw new BadInputException("layer method for " + dev.convoy.Printable.name(name)
                        + ": the model has no node or tensor of that name (its nodes: " + some + ", …; see convoy summary)");
            }
        }
    }

    /**
     * Calibrated ranges, with Concat inputs and output unified so they share one format. The model's output
     * (the logits) keeps its observed range unless a per-layer method says otherwise: clipping logits makes
     * several classes saturate together and turns argmax into a tie-break.
     */
    private static Map<String, Range> ranges(Graph g, Segments seg, Map<String, Histogram> stats, QuantOptions o, Set<String> shared) {
        // a layer's name also names the output of a ReLU/Clip fused into it, as reports show it
        Map<String, String> layerOf = new HashMap<>();
        for (Node n : g.nodes()) {
            layerOf.putIfAbsent(n.output(), n.name());
            if (seg.integer.contains(n)) {
                Node act = fusableActivation(g, n, seg);
                if (act != null) {
                    layerOf.put(act.output(), n.name());
                }
            }
        }
        requireKnownNames(g, o.overrides().keySet());
        Map<String, Range> r = new LinkedHashMap<>();
        stats.forEach((value, h) -> {
            Node producer = g.producer(value);
            CalibrationMethod m = value.equals(seg.integerOutput) ? new CalibrationMethod.MinMax() : o.method();
            for (String key : new String[] {layerOf.get(value), producer == null ? null : producer.name(), value}) {
                if (key != null && o.overrides().containsKey(key)) {
                    m = o.overrides().get(key);
                }
            }
            r.put(value, m.select(h, (producer == null ? o : o.forNode(producer.name())).scheme().bits()));
        });
        // values that must share one format: a Concat's inputs and output, and through nodes that keep their input's
        // format (max pooling, reshapes, padding, transposes, slices) the values those came from; groups that meet
        // (a Concat whose output, shuffled and sliced, feeds the next Concat) are merged into one
        List<Set<String>> groups = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (seg.integer.contains(n) && n.op() instanceof Concat) {
                Set<String> group = new HashSet<>(n.inputs());
                group.add(n.output());
                for (List<String> todo = new ArrayList<>(group); !todo.isEmpty(); ) {
                    Node p = g.producer(todo.remove(todo.size() - 1));
                    if (p != null && seg.integer.contains(p) && LayerBuilder.passesFormatThrough(p.op()) && group.add(p.inputs().get(0))) {
                        todo.add(p.inputs().get(0));
                    }
                }
                for (java.util.Iterator<Set<String>> it = groups.iterator(); it.hasNext(); ) {
                    Set<String> other = it.next();
                    if (!java.util.Collections.disjoint(other, group)) {
                        group.addAll(other);
                        it.remove();
                    }
                }
                groups.add(group);
            }
        }
        for (Set<String> group : groups) {
            Range u = null;
            for (String v : group) {
                u = u == null ? r.get(v) : u.union(r.get(v));
            }
            for (String v : group) {
                r.put(v, u);
            }
            shared.addAll(group);
        }
        return r;
    }

    /** The fp32 prelude, the integer segment and the fp32 epilogue of a graph. */
    static final class Segments {
        final Set<Node> prelude = new HashSet<>();
        final Set<Node> integer = new HashSet<>();
        final Set<Node> excluded = new HashSet<>();
        Node epilogueNode;
        String quantizedInput;
        String integerOutput;

        static Segments of(Graph g) {
            Segments s = new Segments();
            Set<String> preludeValues = new HashSet<>();
            preludeValues.add(g.inputs().get(0).name());
            for (Node n : g.nodes()) {
                // input normalisation: arithmetic with a constant on the input, kept in fp32
                if (n.op() instanceof Binary b && b.activation() == Activation.NONE && n.inputs().size() == 2
                        && n.inputs().stream().anyMatch(g.constants()::containsKey)
                        && n.inputs().stream().anyMatch(preludeValues::contains)) {
                    s.prelude.add(n);
                    preludeValues.add(n.output());
                }
            }
            Set<String> entries = new HashSet<>();
            for (Node n : g.nodes()) {
                if (!s.prelude.contains(n)) {
                    n.inputs().stream().filter(preludeValues::contains).forEach(entries::add);
                }
            }
            if (entries.size() != 1) {
                throw new BadInputException("the integer path needs one quantization point after the input normalisation; found "
                        + entries);
            }
            s.quantizedInput = entries.iterator().next();
            String out = g.outputs().get(0);
            Node last = g.producer(out);
            if (last != null && last.op() instanceof Softmax && g.value(last.inputs().get(0)).batched()) {
                s.epilogueNode = last;
                s.integerOutput = last.inputs().get(0);
            } else {
                s.integerOutput = out;
            }
            for (Node n : g.nodes()) {
                if (!s.prelude.contains(n) && n != s.epilogueNode) {
                    s.integer.add(n); // a Softmax mid-network becomes an fp32 island
                }
            }
            return s;
        }

        Graph prelude(Graph g) {
            List<Node> nodes = g.nodes().stream().filter(prelude::contains).toList();
            Map<String, dev.convoy.tensor.Tensor> consts = new LinkedHashMap<>();
            nodes.forEach(n -> n.inputs().stream().filter(g.constants()::containsKey).forEach(c -> consts.put(c, g.constants().get(c))));
            return new Graph(g.name() + "-prelude", g.inputs(), nodes, consts, List.of(quantizedInput));
        }

        Graph epilogue(Graph g) {
            Value in = g.value(integerOutput);
            List<Node> nodes = epilogueNode == null ? List.of() : List.of(epilogueNode);
            String out = epilogueNode == null ? integerOutput : epilogueNode.output();
            return new Graph(g.name() + "-epilogue", List.of(in), nodes, Map.of(), List.of(out));
        }
    }

    /**
     * Chooses a shift-mode format for a tensor: the fractional bits F that minimise the squared error over
     * its histogram, searched from the smallest F whose range covers the calibrated range up to three bits
     * finer (which clips more), never finer than {@code maxFrac}.
     *
     * @param h        the tensor's histogram
     * @param range    its calibrated range
     * @param o        options (width, rounding, overflow)
     * @param maxFrac  upper bound on F (the accumulator's fractional bits: requantization only shifts right)
     * @return the format
     */
    static FixedPoint searchFrac(Histogram h, Range range, QuantOptions o, int maxFrac) {
        int w = o.scheme().bits();
        int cover = WeightQuantizer.coveringFrac(range.absMax(), o.scheme().qmax());
        int best = Math.min(cover, maxFrac);
        if (h != null) {
            double bestErr = Double.POSITIVE_INFINITY;
            for (int f = cover; f <= cover + 3 && f <= maxFrac; f++) {
                double err = squaredError(h, f, o.scheme().qmax());
                if (err < bestErr) {
                    bestErr = err;
                    best = f;
                }
            }
        }
        return new FixedPoint(w, best, o.rounding(), o.overflow());
    }

    private static double squaredError(Histogram h, int frac, int qmax) {
        double lsb = Math.scalb(1.0, -frac);
        double top = qmax * lsb;
        double err = 0;
        long[] c = h.counts();
        for (int b = 0; b < c.length; b++) {
            if (c[b] != 0) {
                double x = (b + 0.5) * h.binWidth();
                err += c[b] * (x > top ? (x - top) * (x - top) : lsb * lsb / 12);
            }
        }
        return err;
    }
}
