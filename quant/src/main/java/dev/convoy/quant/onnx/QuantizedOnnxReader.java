package dev.convoy.quant.onnx;

import dev.convoy.onnx.ConstTensor;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.onnx.OnnxNode;
import dev.convoy.onnx.TensorDecoder;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.convoy.BadInputException;
import dev.convoy.arith.FixedPoint;
import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Graph;
import dev.convoy.graph.PadMode;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Window;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.CalibrationMethod;
import dev.convoy.quant.OutputStage;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Requantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-imports a quantized model written by {@link QuantizedOnnxWriter}: the fp32 prelude and epilogue go
 * through the ordinary importer, QuantizeLinear / QLinearConv / integer MaxPool, Reshape, Concat, Pad, Clip
 * become integer layers, and each DequantizeLinear → op → QuantizeLinear island becomes the integer layer it
 * stands for. The requantization mode, rounding and overflow come from the metadata Convoy wrote (onnx mode
 * when absent), so the integers are exactly those of the model that was exported.
 */
public final class QuantizedOnnxReader {
    private final ModelProto model;
    private final String label;
    private final Map<String, String> meta = new HashMap<>();
    private final Map<String, ConstTensor> inits = new HashMap<>();
    private final Map<String, TensorProto.DataType> types = new HashMap<>();
    private final Map<String, ActQuant> formats = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final List<QNode> layers = new ArrayList<>();
    private final Set<NodeProto> islandNodes = new HashSet<>();
    private final RequantMode mode;
    private final Rounding rounding;
    private final Overflow overflow;
    private String quantizedInput;
    private Graph prelude;

    private QuantizedOnnxReader(ModelProto model, String label) {
        this.model = model;
        this.label = label;
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        this.mode = RequantMode.parse(meta.getOrDefault(QuantizedOnnxWriter.KEY_REQUANT, "onnx"));
        this.rounding = Rounding.valueOf(meta.getOrDefault(QuantizedOnnxWriter.KEY_ROUNDING, "RND"));
        this.overflow = Overflow.valueOf(meta.getOrDefault(QuantizedOnnxWriter.KEY_OVERFLOW, "SAT"));
    }

    /**
     * @param model a parsed model
     * @return whether it holds quantized operators (and should be read by this class)
     */
    public static boolean isQuantized(ModelProto model) {
        return model.getGraph().getNodeList().stream()
                .anyMatch(n -> n.getOpType().equals("QuantizeLinear") || n.getOpType().equals("QLinearConv"));
    }

    /**
     * @param file a quantized .onnx
     * @return the model, ready for the integer backend
     */
    public static QuantizedModel read(Path file) {
        return read(OnnxImporter.read(file), file.toString(), file.getFileName().toString().replaceFirst("\\.onnx$", ""));
    }

    /**
     * @param m     a parsed quantized model
     * @param label the file it came from, for messages
     * @param name  the model's name
     * @return the model, ready for the integer backend
     * @throws BadInputException naming the label for anything it cannot read
     */
    public static QuantizedModel read(ModelProto m, String label, String name) {
        try {
            return new QuantizedOnnxReader(m, name).build();
        } catch (BadInputException e) {
            throw new BadInputException(label + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BadInputException(label + ": not a quantized model Convoy can read (" + e.getMessage() + ")", e);
        }
    }

    private QuantizedModel build() {
        GraphProto g = model.getGraph();
        for (TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), TensorDecoder.decode(t, "initializer " + dev.convoy.Printable.name(t.getName())));
            types.put(t.getName(), TensorProto.DataType.forNumber(t.getDataType()));
        }
        Set<String> floatPre = new HashSet<>();
        g.getInputList().forEach(v -> floatPre.add(v.getName()));
        List<NodeProto> preludeNodes = new ArrayList<>();
        List<NodeProto> epilogue = new ArrayList<>();
        Map<String, NodeProto> island = new HashMap<>(); // float values inside DequantizeLinear → op → QuantizeLinear
        String integerOutput = null;
        for (NodeProto n : g.getNodeList()) {
            n.getOutputList().forEach(o -> producers.put(o, n));
            String type = n.getOpType();
            String in = n.getInputCount() > 0 ? n.getInput(0) : "";
            if (quantizedInput == null) {
                if (type.equals("QuantizeLinear") && floatPre.contains(in)) {
                    quantizedInput = n.getOutput(0);
                    formats.put(quantizedInput, format(n, 1, 2));
                    prelude = subGraph("prelude", preludeNodes, g.getInput(0), in);
                    shapes.put(quantizedInput, prelude.value(in).shape());
                } else {
                    preludeNodes.add(n);
                    floatPre.addAll(n.getOutputList());
                }
                continue;
            }
            boolean floatInput = !type.equals("QuantizeLinear") && !type.equals("DequantizeLinear")
                    && n.getInputList().stream().anyMatch(island::containsKey);
            switch (floatInput ? "" : type) {
                case "QLinearConv" -> qlinearConv(n);
                case "Transpose", "Slice", "Gather" -> move(n);
                case "MaxPool" -> passThrough(n, new QLayer.QMaxPool(window(n, true)), poolShape(n));
                case "Reshape" -> passThrough(n, new QLayer.QReshape(), reshapeShape(n));
                case "Concat" -> concat(n);
                case "Pad" -> pad(n);
                case "Clip" -> clip(n);
                case "DequantizeLinear" -> {
                    if (formats.containsKey(in)) {
                        inputFormat(n, 1, 2); // its scale and zero point must be those of the integers it reads
                        island.put(n.getOutput(0), n);
                        integerOutput = in;
                    } else {
                        island.put(n.getOutput(0), n); // weights or bias of a 16-bit convolution
                    }
                }
                case "QuantizeLinear" -> islandLayer(n, island);
                default -> {
                    boolean inIsland = n.getInputList().stream().anyMatch(island::containsKey);
                    if (!inIsland) {
                        throw new BadInputException("node '" + n.getName() + "' (" + type + ") is not part of a quantized pattern Convoy reads");
                    }
                    n.getOutputList().forEach(o -> island.put(o, n));
                    epilogue.add(n);
                }
            }
        }
        if (quantizedInput == null || integerOutput == null) {
            throw new BadInputException("no QuantizeLinear after the input or no DequantizeLinear at the end");
        }
        // island ops consumed by a QuantizeLinear became layers; what is left after the last dequantize is the epilogue
        Set<String> used = new HashSet<>();
        layers.forEach(l -> used.add(l.name()));
        epilogue.removeIf(n -> used.contains(n.getName()) || islandNodes.contains(n));
        String deq = nodesDequantizing(integerOutput);
        Graph post = subGraph("epilogue", epilogue, valueInfo(deq, shapes.get(integerOutput)),
                epilogue.isEmpty() ? deq : epilogue.get(epilogue.size() - 1).getOutput(0));
        Scheme scheme = Scheme.parse(meta.getOrDefault(QuantizedOnnxWriter.KEY_SCHEME,
                formats.get(quantizedInput).qmax() > 127 ? "int16" : "int8"));
        QuantOptions options = new QuantOptions(scheme, CalibrationMethod.parse(meta.getOrDefault(QuantizedOnnxWriter.KEY_METHOD, "minmax")),
                mode, Integer.parseInt(meta.getOrDefault(QuantizedOnnxWriter.KEY_CALIB, "1")), Map.of(), rounding, overflow);
        String name = g.getName().isEmpty() ? label : g.getName();
        return new QuantizedModel(name, options, prelude, quantizedInput, layers, formats, shapes, integerOutput, post);
    }

    /** An fp32 sub-model (prelude or epilogue) through the ordinary importer. */
    private Graph subGraph(String part, List<NodeProto> nodes, ValueInfoProto input, String output) {
        GraphProto.Builder sub = GraphProto.newBuilder().setName(label + "-" + part).addInput(input);
        Set<String> needed = new HashSet<>();
        nodes.forEach(n -> needed.addAll(n.getInputList()));
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (needed.contains(t.getName())) {
                sub.addInitializer(t);
            }
        }
        sub.addAllNode(nodes);
        sub.addOutput(ValueInfoProto.newBuilder().setName(output));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(sub)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        return OnnxImporter.translate(m, label + "-" + part, null);
    }

    private String nodesDequantizing(String integerValue) {
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("DequantizeLinear") && n.getInput(0).equals(integerValue)) {
                return n.getOutput(0);
            }
        }
        throw new BadInputException("integer output '" + integerValue + "' is never dequantized");
    }

    private static ValueInfoProto valueInfo(String name, Shape sample) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : sample.dims()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private ConstTensor init(String name, String role) {
        ConstTensor c = inits.get(name);
        if (c == null) {
            throw new BadInputException(role + " '" + name + "' must be an initializer");
        }
        return c;
    }

    private int bits() {
        return meta.containsKey(QuantizedOnnxWriter.KEY_SCHEME) ? Scheme.parse(meta.get(QuantizedOnnxWriter.KEY_SCHEME)).bits() : 0;
    }

    /**
     * @param value an integer value's name
     * @param zpType the type of its zero point
     * @return its width: an affine format is as wide as its storage type (int8 or int16, mixed freely); a fixed-point
     *     one has the scheme's width unless the metadata lists it as wider or narrower (mixed precision)
     */
    private int bits(String value, TensorProto.DataType zpType) {
        boolean fixed = meta.containsKey(QuantizedOnnxWriter.KEY_SCHEME)
                && Scheme.parse(meta.get(QuantizedOnnxWriter.KEY_SCHEME)).kind() == Scheme.Kind.FIXED;
        if (!fixed) {
            return zpType == TensorProto.DataType.INT16 ? 16 : 8;
        }
        for (String entry : meta.getOrDefault(QuantizedOnnxWriter.KEY_WIDTHS, "").split(";")) {
            int eq = entry.lastIndexOf('=');
            if (eq > 0 && entry.substring(0, eq).equals(value)) {
                return Integer.parseInt(entry.substring(eq + 1));
            }
        }
        return bits();
    }

    /**
     * The format a node's (scale, zero point) inputs define, checked; without scheme metadata the zero point's
     * type gives the width.
     */
    private ActQuant format(NodeProto n, int scaleInput, int zpInput) {
        String node = n.getName(), op = n.getOpType();
        if (n.getInputCount() <= zpInput || n.getInput(zpInput).isEmpty()) {
            throw QuantParams.error(node, op, "input " + zpInput + " (zero point) is required");
        }
        String scaleName = n.getInput(scaleInput), zpName = n.getInput(zpInput);
        float scale = QuantParams.scales(init(scaleName, "scale"), 1, node, op, "scale " + dev.convoy.Printable.name(scaleName))[0];
        TensorProto.DataType zpType = types.get(zpName);
        String value = op.equals("DequantizeLinear") ? n.getInput(0) : n.getOutput(0).replaceFirst("_unclipped$", "");
        int bits = bits(value, zpType);
        int zp = QuantParams.zeroPoint(init(zpName, "zero point"), zpType, bits, node, op, "zero point " + dev.convoy.Printable.name(zpName));
        int qmin = -(1 << (bits - 1)), qmax = (1 << (bits - 1)) - 1;
        if (mode == RequantMode.SHIFT) {
            int frac = -Math.getExponent(scale);
            if (Math.scalb(1f, -frac) != scale || zp != 0) {
                throw QuantParams.error(node, op, "shift-mode scale " + scale + " is not a power of two with zero point 0");
            }
            return ActQuant.fixed(new FixedPoint(bits, frac, rounding, overflow));
        }
        return new ActQuant(scale, zp, qmin, qmax, mode, null);
    }

    /** The format already known for a node's integer input, which its own (scale, zero point) must repeat. */
    private ActQuant inputFormat(NodeProto n, int scaleInput, int zpInput) {
        ActQuant known = formats.get(n.getInput(0));
        if (known == null) {
            throw QuantParams.error(n.getName(), n.getOpType(), "input " + dev.convoy.Printable.name(n.getInput(0)) + " is not an integer tensor");
        }
        ActQuant given = format(n, scaleInput, zpInput);
        if (given.scale() != known.scale() || given.zeroPoint() != known.zeroPoint() || given.qmax() != known.qmax()) {
            throw QuantParams.error(n.getName(), n.getOpType(), "scale " + given.scale() + " / zero point " + given.zeroPoint()
                    + " disagree with its input's format (" + known.scale() + " / " + known.zeroPoint() + ")");
        }
        return known;
    }

    private Window window(NodeProto n, boolean pool) {
        OnnxNode on = new OnnxNode(n, 0, 13);
        int[] k = on.getIntsOfLength("kernel_shape", 2, 1);
        int[] s = on.getIntsOfLength("strides", 2, 1);
        int[] d = on.getIntsOfLength("dilations", 2, 1);
        int[] p = on.getIntsOfLength("pads", 4, 0);
        return new Window(k[0], k[1], s[0], s[1], d[0], d[1], new Padding(p[0], p[1], p[2], p[3]), pool && on.getInt("ceil_mode", 0) != 0);
    }

    private Shape convShape(String in, Window w, int m) {
        Shape x = shapes.get(in);
        Shape img = x.rank() == 1 ? Shape.of(x.dim(0), 1, 1) : x;
        return Shape.of(m, w.outH(img.dim(1)), w.outW(img.dim(2)));
    }

    private void qlinearConv(NodeProto n) {
        if (n.getInputCount() < 8) {
            throw QuantParams.error(n.getName(), n.getOpType(), "has " + n.getInputCount() + " inputs; QLinearConv takes 8 or 9");
        }
        String in = n.getInput(0);
        ActQuant fx = inputFormat(n, 1, 2);
        ActQuant fy = format(n, 6, 7);
        Window win = window(n, false);
        int group = (int) new OnnxNode(n, 0, 13).getInt("group", 1);
        String bias = n.getInputCount() > 8 && !n.getInput(8).isEmpty() ? n.getInput(8) : null;
        addConv(n, in, n.getOutput(0), n.getInput(3), n.getInput(4), n.getInput(5), bias, win, group, fx, fy);
    }

    /**
     * A convolution's integer parameters, checked: weights [M, C/group, kh, kw] of the scheme's width matching
     * the input's channels and the window, weight scales (one or per channel) and zero points 0, int32 biases
     * that cannot overflow the accumulator.
     */
    private void addConv(NodeProto n, String in, String out, String wName, String wsName, String wzpName, String biasName,
                         Window win, int group, ActQuant fx, ActQuant fy) {
        String name = n.getName(), op = n.getOpType();
        ConstTensor w = init(wName, "weight");
        // a layer's weights are as wide as the integer type the file stores them in (an int16 layer of a mixed model
        // may read int8 inputs)
        TensorProto.DataType wt = types.get(wName);
        int bits = wt == TensorProto.DataType.INT16 || wt == TensorProto.DataType.UINT16 || fx.qmax() > 127 ? 16 : 8;
        long[] wd = w.dims();
        Shape x = shapes.get(in);
        int inChannels = x == null ? -1 : x.dim(0); // [C, H, W], or [C] for a vector seen as C × 1 × 1
        if (wd.length != 4 || wd[0] < 1 || group < 1 || wd[0] % group != 0 || wd[1] * group != inChannels
                || wd[2] != win.kernelH() || wd[3] != win.kernelW()) {
            throw QuantParams.error(name, op, "weight shape " + java.util.Arrays.toString(wd) + " does not fit " + inChannels
                    + " input channels, group " + group + " and kernel " + win.kernelH() + "×" + win.kernelW());
        }
        int m = (int) wd[0];
        QuantParams.weights(w, types.get(wName), bits, name, op);
        float[] given = QuantParams.scales(init(wsName, "weight scale"), m, name, op, "w_scale");
        if (wzpName != null && !wzpName.isEmpty()) {
            QuantParams.weightZeroPoint(init(wzpName, "weight zero point"), types.get(wzpName), bits, m, name, op, "w_zero_point");
        }
        long[] weightSums = new long[m];
        int perChannel = w.size() / m;
        for (int i = 0; i < w.size(); i++) {
            weightSums[i / perChannel] += Math.abs((long) w.values()[i]);
        }
        long maxX = Math.max(Math.abs((long) fx.qmin() - fx.zeroPoint()), Math.abs((long) fx.qmax() - fx.zeroPoint()));
        long[] bias = biasName == null ? new long[m]
                : QuantParams.biases(init(biasName, "bias"), types.get(biasName), m, maxX, weightSums, bits == 8, name, op);
        int[] weights = new int[w.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (int) w.values()[i];
        }
        float[] wScales = new float[m];
        for (int c = 0; c < m; c++) {
            wScales[c] = given[given.length == 1 ? 0 : c];
        }
        Requantizer[] req;
        if (mode == RequantMode.SHIFT) {
            req = new Requantizer[] {new Requantizer.Shift(fy.fixed(), fx.frac() - Math.getExponent(wScales[0]))};
        } else {
            req = new Requantizer[m];
            for (int c = 0; c < m; c++) {
                req[c] = Requantizer.affine(mode, fx, wScales[c], fy);
            }
        }
        formats.put(out, fy);
        shapes.put(out, convShape(in, win, m));
        layers.add(new QNode(name, new QLayer.QConv(weights, bias, win, group, m, fx.zeroPoint(),
                new OutputStage(req, fy.zeroPoint(), fy.qmin(), fy.qmax()), wScales, "Conv"), List.of(in), out));
    }

    private void passThrough(NodeProto n, QLayer layer, Shape out) {
        String in = n.getInput(0);
        formats.put(n.getOutput(0), formats.get(in));
        shapes.put(n.getOutput(0), out);
        layers.add(new QNode(n.getName(), layer, List.of(in), n.getOutput(0)));
    }

    private Shape poolShape(NodeProto n) {
        return poolShape(n, n.getInput(0));
    }

    private Shape poolShape(NodeProto n, String integerInput) {
        Shape x = shapes.get(integerInput);
        Window w = window(n, true);
        return Shape.of(x.dim(0), w.outH(x.dim(1)), w.outW(x.dim(2)));
    }

    private Shape reshapeShape(NodeProto n) {
        long[] t = init(n.getInput(1), "shape").longs();
        long[] rest = java.util.Arrays.copyOfRange(t, 1, t.length);
        return Shape.ofLongs(rest);
    }

    private void concat(NodeProto n) {
        int axis = (int) new OnnxNode(n, 0, 13).getInt("axis", 1) - 1;
        int[] dims = shapes.get(n.getInput(0)).dims();
        dims[axis] = 0;
        for (String in : n.getInputList()) {
            dims[axis] += shapes.get(in).dim(axis);
        }
        formats.put(n.getOutput(0), formats.get(n.getInput(0)));
        shapes.put(n.getOutput(0), Shape.of(dims));
        layers.add(new QNode(n.getName(), new QLayer.QConcat(axis), n.getInputList(), n.getOutput(0)));
    }

    private void pad(NodeProto n) {
        long[] pads = init(n.getInput(1), "pads").longs();
        int r = pads.length / 2 - 1;
        int[] begin = new int[r], end = new int[r];
        int[] dims = shapes.get(n.getInput(0)).dims();
        for (int i = 0; i < r; i++) {
            begin[i] = (int) pads[i + 1];
            end[i] = (int) pads[r + 2 + i];
            dims[i] += begin[i] + end[i];
        }
        int value = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? (int) init(n.getInput(2), "pad value").values()[0] : 0;
        PadMode m = PadMode.valueOf(new OnnxNode(n, 0, 13).getString("mode", "constant").toUpperCase(java.util.Locale.ROOT));
        passThrough(n, new QLayer.QPad(begin, end, m, value), Shape.of(dims));
    }

    /** An integer Clip narrows the clamp of the layer that produced its input. */
    private void clip(NodeProto n) {
        String in = n.getInput(0);
        int lo = (int) init(n.getInput(1), "clip min").values()[0];
        int hi = (int) init(n.getInput(2), "clip max").values()[0];
        int index = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).output().equals(in)) {
                index = i;
            }
        }
        QNode p = layers.get(index);
        QLayer narrowed;
        if (p.layer() instanceof QLayer.QConv c) {
            OutputStage s = c.out();
            narrowed = new QLayer.QConv(c.weight(), c.bias(), c.window(), c.groups(), c.outChannels(), c.inputZeroPoint(),
                    new OutputStage(s.perChannel(), s.zeroPoint(), lo, hi), c.weightScales(), c.origin());
        } else if (p.layer() instanceof QLayer.QAdd a) {
            narrowed = new QLayer.QAdd(a.a(), a.b(), a.y(), lo, hi);
        } else if (p.layer() instanceof QLayer.QMul m) {
            narrowed = new QLayer.QMul(m.a(), m.b(), m.y(), m.scale(), lo, hi);
        } else {
            throw new BadInputException("node '" + n.getName() + "' (Clip) follows a layer that cannot clamp");
        }
        layers.set(index, new QNode(p.name(), narrowed, p.inputs(), n.getOutput(0)));
        formats.put(n.getOutput(0), formats.get(in));
        shapes.put(n.getOutput(0), shapes.get(in));
    }

    /** DequantizeLinear → op → QuantizeLinear: the op decides the integer layer. */
    private void islandLayer(NodeProto quantize, Map<String, NodeProto> island) {
        NodeProto op = producers.get(quantize.getInput(0));
        ActQuant fy = format(quantize, 1, 2);
        String out = quantize.getOutput(0);
        List<String> intInputs = new ArrayList<>();
        for (String in : op.getInputList()) {
            NodeProto dq = island.get(in);
            if (dq != null && dq.getOpType().equals("DequantizeLinear") && formats.containsKey(dq.getInput(0))) {
                intInputs.add(dq.getInput(0));
            }
        }
        // the patterns the writer uses for integer layers read their inputs straight from DequantizeLinear
        boolean direct = op.getInputList().stream().allMatch(i -> i.isEmpty() || inits.containsKey(i)
                || (island.get(i) != null && island.get(i).getOpType().equals("DequantizeLinear")));
        switch (direct ? op.getOpType() : "") {
            case "Add" -> {
                if (intInputs.size() != 2 || !shapes.get(intInputs.get(0)).equals(shapes.get(intInputs.get(1)))) {
                    floatIsland(quantize, island, fy);
                    return;
                }
                ActQuant fa = formats.get(intInputs.get(0)), fb = formats.get(intInputs.get(1));
                formats.put(out, fy);
                shapes.put(out, shapes.get(intInputs.get(0)));
                layers.add(new QNode(op.getName(), new QLayer.QAdd(fa, fb, fy, fy.qmin(), fy.qmax()), intInputs, out));
            }
            case "Mul" -> {
                if (intInputs.size() != 2) {
                    floatIsland(quantize, island, fy);
                    return;
                }
                Shape sa = shapes.get(intInputs.get(0)), sb = shapes.get(intInputs.get(1));
                formats.put(out, fy);
                shapes.put(out, dev.convoy.tensor.Broadcast.shape(sa, sb));
                layers.add(new QNode(op.getName(), QLayer.QMul.of(formats.get(intInputs.get(0)), formats.get(intInputs.get(1)), fy,
                        fy.qmin(), fy.qmax()), intInputs, out));
            }
            case "MaxPool" -> {
                if (intInputs.size() != 1 || !fy.equals(formats.get(intInputs.get(0)))) {
                    floatIsland(quantize, island, fy);
                    return;
                }
                String in = intInputs.get(0), out16 = quantize.getOutput(0);
                formats.put(out16, fy);
                shapes.put(out16, poolShape(op, in));
                layers.add(new QNode(op.getName(), new QLayer.QMaxPool(window(op, true)), List.of(in), out16));
            }
            case "Conv" -> {
                NodeProto dw = island.get(op.getInput(1));
                NodeProto db = op.getInputCount() > 2 ? island.get(op.getInput(2)) : null;
                if (dw == null || intInputs.isEmpty()) {
                    floatIsland(quantize, island, fy); // an fp32 convolution kept out of the integer path
                    return;
                }
                addConv(op, intInputs.get(0), out, dw.getInput(0), dw.getInput(1), dw.getInputCount() > 2 ? dw.getInput(2) : null,
                        db == null ? null : db.getInput(0), window(op, false), (int) new OnnxNode(op, 0, 13).getInt("group", 1),
                        formats.get(intInputs.get(0)), fy);
            }
            default -> floatIsland(quantize, island, fy);
        }
    }

    /**
     * Any other fp32 nodes between DequantizeLinear of integer values and one QuantizeLinear: an fp32 island,
     * imported through the ordinary importer.
     */
    private void floatIsland(NodeProto quantize, Map<String, NodeProto> island, ActQuant fy) {
        Map<String, String> integerOf = new LinkedHashMap<>(); // dequantized name → integer value
        Set<NodeProto> nodes = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(quantize.getInput(0)));
        while (!todo.isEmpty()) {
            String v = todo.remove(todo.size() - 1);
            NodeProto p = producers.get(v);
            if (p == null || inits.containsKey(v)) {
                continue;
            }
            if (p.getOpType().equals("DequantizeLinear") && formats.containsKey(p.getInput(0))) {
                integerOf.put(v, p.getInput(0));
            } else if (island.containsKey(v) && nodes.add(p)) {
                todo.addAll(p.getInputList());
            } else if (!island.containsKey(v)) {
                throw new BadInputException("node '" + p.getName() + "' (" + p.getOpType() + ") feeds a QuantizeLinear but is not an fp32 island Convoy reads");
            }
        }
        List<NodeProto> ordered = model.getGraph().getNodeList().stream().filter(nodes::contains).toList();
        islandNodes.addAll(ordered);
        String name = ordered.get(0).getName();
        GraphProto.Builder sub = GraphProto.newBuilder().setName(label + "-" + name);
        integerOf.forEach((deq, intValue) -> sub.addInput(valueInfo(deq, shapes.get(intValue))));
        Set<String> needed = new HashSet<>();
        ordered.forEach(n -> needed.addAll(n.getInputList()));
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (needed.contains(t.getName())) {
                sub.addInitializer(t);
            }
        }
        sub.addAllNode(ordered).addOutput(ValueInfoProto.newBuilder().setName(quantize.getInput(0)));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(sub)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset())).build();
        Graph g = renamed(OnnxImporter.translate(m, label + "-" + name, null), integerOf, quantize.getInput(0), quantize.getOutput(0));
        String out = quantize.getOutput(0);
        formats.put(out, fy);
        shapes.put(out, g.value(out).shape());
        if (g.nodes().size() == 1 && g.nodes().get(0).op() instanceof dev.convoy.graph.ActivationLayer a && g.inputs().size() == 1) {
            // one activation on one integer value: the table the quantizer builds (the same integers as the island)
            ActQuant fin = formats.get(g.inputs().get(0).name());
            int[] table = new int[fin.qmax() - fin.qmin() + 1];
            for (int q = fin.qmin(); q <= fin.qmax(); q++) {
                table[q - fin.qmin()] = fy.quantize(a.function().apply(fin.dequantize(q)));
            }
            layers.add(new QNode(name, new QLayer.QLut(table, fin.qmin(), a.function()), List.of(g.inputs().get(0).name()), out));
            return;
        }
        layers.add(new QNode(name, new QLayer.QFloat(g, "fp32 in the file"), g.inputs().stream().map(dev.convoy.graph.Value::name).toList(), out));
    }

    /** Transpose, Slice or Gather on an integer value: the importer's op, on the integers. */
    private void move(NodeProto n) {
        String in = n.getInput(0);
        if (!formats.containsKey(in)) {
            throw new BadInputException("node '" + n.getName() + "' (" + n.getOpType() + ") does not read an integer value");
        }
        GraphProto.Builder sub = GraphProto.newBuilder().setName(label + "-" + n.getName()).addInput(valueInfo(in, shapes.get(in)));
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (n.getInputList().contains(t.getName())) {
                sub.addInitializer(t);
            }
        }
        sub.addNode(n).addOutput(ValueInfoProto.newBuilder().setName(n.getOutput(0)));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(sub)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset())).build();
        Graph g = OnnxImporter.translate(m, label + "-" + n.getName(), null);
        if (g.nodes().size() != 1 || !(g.nodes().get(0).op() instanceof dev.convoy.graph.Rearrangement r)) {
            throw new BadInputException("node '" + n.getName() + "' (" + n.getOpType() + ") is not a data movement Convoy reads");
        }
        passThrough(n, new QLayer.QMove(r), g.value(n.getOutput(0)).shape());
    }

    private int opset() {
        return (int) model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(13);
    }

    /** The graph with its inputs and output renamed to the integer values they dequantize and quantize to. */
    private static Graph renamed(Graph g, Map<String, String> inputs, String output, String newOutput) {
        Map<String, String> map = new HashMap<>(inputs);
        map.put(output, newOutput);
        List<dev.convoy.graph.Value> ins = g.inputs().stream().map(v -> new dev.convoy.graph.Value(map.get(v.name()), v.shape(), true)).toList();
        List<dev.convoy.graph.Node> nodes = g.nodes().stream().map(n -> new dev.convoy.graph.Node(n.name(), n.op(),
                n.inputs().stream().map(i -> map.getOrDefault(i, i)).toList(), map.getOrDefault(n.output(), n.output()))).toList();
        return new Graph(g.name(), ins, nodes, g.constants(), List.of(newOutput));
    }
}
