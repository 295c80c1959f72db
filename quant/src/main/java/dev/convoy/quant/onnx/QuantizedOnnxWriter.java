package dev.convoy.quant.onnx;

import dev.convoy.io.AtomicFile;
import dev.convoy.onnx.ProtoBuilder;
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
import dev.convoy.graph.Binary;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Softmax;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Saves a quantized model as standard ONNX that other tools run. 8-bit convolutions (and Gemm, BatchNorm,
 * average pooling, all convolutions here) become QLinearConv, whose integer semantics ONNX Runtime
 * executes exactly as Convoy's {@code onnx} mode defines them; 16-bit ones become DequantizeLinear → Conv →
 * QuantizeLinear (opset 21, where QuantizeLinear takes int16). Max pooling, reshapes, concatenation and
 * padding run on the integers; a residual add is DequantizeLinear → Add → QuantizeLinear; table activations
 * are DequantizeLinear → activation → QuantizeLinear. A narrower clamp than the format (fused ReLU with a
 * non-minimal zero point) is an integer Clip. The requantization mode, rounding and overflow travel in
 * metadata_props, so Convoy re-imports the exact model ({@link QuantizedOnnxReader}); other tools apply
 * ONNX's rounding, which equals Convoy's only in {@code onnx} mode.
 */
public final class QuantizedOnnxWriter {
    /** metadata key: requantization mode */
    static final String KEY_REQUANT = "convoy.requant";
    /** metadata key: rounding (shift mode) */
    static final String KEY_ROUNDING = "convoy.rounding";
    /** metadata key: overflow (shift mode) */
    static final String KEY_OVERFLOW = "convoy.overflow";
    /** metadata key: the scheme */
    static final String KEY_SCHEME = "convoy.scheme";
    /** metadata key: one-line description */
    static final String KEY_OPTIONS = "convoy.quantization";
    /** metadata key: calibration method */
    static final String KEY_METHOD = "convoy.method";
    /** metadata key: calibration images */
    static final String KEY_CALIB = "convoy.calibration_images";
    /** metadata key: fixed-point values whose width differs from the scheme's (mixed precision), "value=W;..." */
    static final String KEY_WIDTHS = "convoy.fixed_widths";

    private final QuantizedModel q;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final ProtoBuilder b = new ProtoBuilder(graph);
    private final dev.convoy.onnx.OnnxNodeWriter fp32;
    private final boolean wide;

    private QuantizedOnnxWriter(QuantizedModel q) {
        this.q = q;
        // one 16-bit value anywhere (int16, or an int16 layer of a mixed model) needs opset 21's 16-bit QDQ
        this.wide = q.formats().values().stream().anyMatch(f -> f.qmax() > 127);
        this.fp32 = new dev.convoy.onnx.OnnxNodeWriter(b, wide ? 21 : 14);
    }

    /**
     * @param q   the quantized model
     * @param out the .onnx file to write
     * @param exposeLayers also list every integer value as a graph output (for per-layer comparison)
     * @throws IOException if the file cannot be written
     */
    public static void write(QuantizedModel q, Path out, boolean exposeLayers) throws IOException {
        write(q, out, exposeLayers, java.util.Map.of());
    }

    /**
     * @param q            the quantized model
     * @param out          the .onnx file to write
     * @param exposeLayers also list every integer value as a graph output (for per-layer comparison)
     * @param metadata     further metadata_props to store (e.g. {@code convoy.preprocessing}); Convoy's own keys
     *                     cannot be replaced
     * @throws IOException if the file cannot be written
     */
    public static void write(QuantizedModel q, Path out, boolean exposeLayers, java.util.Map<String, String> metadata) throws IOException {
        ModelProto.Builder m = toModel(q, exposeLayers).toBuilder();
        java.util.Set<String> own = new java.util.HashSet<>();
        m.getMetadataPropsList().forEach(e -> own.add(e.getKey()));
        new java.util.TreeMap<>(metadata).forEach((k, v) -> {
            if (own.contains(k)) {
                throw new IllegalArgumentException("metadata key " + k + " is written by the quantizer");
            }
            meta(m, k, v);
        });
        AtomicFile.write(out, m.build().toByteArray());
    }

    /**
     * @param q            the quantized model
     * @param exposeLayers also list every integer value as a graph output
     * @return the ONNX model
     */
    public static ModelProto toModel(QuantizedModel q, boolean exposeLayers) {
        return new QuantizedOnnxWriter(q).build(exposeLayers);
    }

    private static TensorProto.DataType intType(ActQuant f) {
        return f.qmax() > 127 || f.qmin() < -128 ? TensorProto.DataType.INT16 : TensorProto.DataType.INT8;
    }

    private TensorProto.DataType intType(String value) {
        return intType(q.formats().get(value));
    }

    private ModelProto build(boolean exposeLayers) {
        graph.setName(q.name() + "-" + q.options().scheme());
        Value in = q.prelude().inputs().get(0);
        graph.addInput(info(in.name(), TensorProto.DataType.FLOAT, in.shape()));
        fp32.write(q.prelude(), Map.of()); // input normalisation
        String qin = q.quantizedInput();
        ActQuant fin = q.formats().get(qin);
        b.node("QuantizeLinear", "quantize_input", integerName(qin), preludeOut(), scale(qin + "_scale", fin), zero(qin + "_zp", fin));
        for (QNode n : q.layers()) {
            layer(n);
        }
        String last = q.integerOutput();
        String deq = last + "_dequantized";
        ActQuant fout = q.formats().get(last);
        b.node("DequantizeLinear", "dequantize_output", deq, integerName(last), scale(deq + "_scale", fout), zero(deq + "_zp", fout));
        String output = epilogue(deq);
        graph.addOutput(info(output, TensorProto.DataType.FLOAT, null));
        if (exposeLayers) {
            graph.addOutput(info(integerName(qin), intType(qin), null));
            for (QNode n : q.layers()) {
                graph.addOutput(info(n.output(), intType(n.output()), null));
            }
        }
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(wide ? 10 : 8).setProducerName("convoy")
                .setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(wide ? 21 : 14));
        meta(m, KEY_REQUANT, q.options().requant().toString());
        meta(m, KEY_SCHEME, q.options().scheme().toString());
        meta(m, KEY_ROUNDING, q.options().rounding().name());
        meta(m, KEY_OVERFLOW, q.options().overflow().name());
        meta(m, KEY_OPTIONS, q.options().describe());
        meta(m, KEY_METHOD, q.options().method().spec());
        meta(m, KEY_CALIB, Integer.toString(q.options().calibImages()));
        StringBuilder widths = new StringBuilder();
        q.formats().forEach((value, f) -> {
            if (f.fixed() != null && f.fixed().width() != q.options().scheme().bits()) {
                widths.append(widths.length() == 0 ? "" : ";").append(integerName(value)).append('=').append(f.fixed().width());
            }
        });
        if (widths.length() > 0) {
            meta(m, KEY_WIDTHS, widths.toString());
        }
        return m.build();
    }

    private static void meta(ModelProto.Builder m, String k, String v) {
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v));
    }

    /**
     * The ONNX name of an integer value: its IR name, except the quantized input, which would otherwise share
     * its name with the float value it quantizes.
     *
     * @param model a quantized model
     * @param value an integer value of it
     * @return the name in the exported file
     */
    public static String integerName(QuantizedModel model, String value) {
        return value.equals(model.quantizedInput()) ? value + "_quantized" : value;
    }

    private String integerName(String value) {
        return integerName(q, value);
    }

    private static ValueInfoProto info(String name, TensorProto.DataType type, Shape sample) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        if (sample != null) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            for (int d : sample.dims()) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(s);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    private String preludeOut() {
        return q.prelude().outputs().get(0);
    }

    private String scale(String name, ActQuant f) {
        return b.floats(name, new float[] {f.scale()});
    }

    private String zero(String name, ActQuant f) {
        return b.ints(name, intType(f), new long[] {f.zeroPoint()});
    }

    /** The fp32 epilogue (a final Softmax), reading the dequantized output. */
    private String epilogue(String input) {
        Graph e = q.epilogue();
        fp32.write(e, Map.of(e.inputs().get(0).name(), input));
        return e.outputs().get(0).equals(e.inputs().get(0).name()) ? input : e.outputs().get(0);
    }

    private void layer(QNode n) {
        QLayer l = n.layer();
        String in = integerName(n.inputs().get(0));
        ActQuant fx = q.formats().get(n.inputs().get(0)), fy = q.formats().get(n.output());
        if (l instanceof QLayer.QConv c) {
            conv(n, c, in, fx, fy);
        } else if (l instanceof QLayer.QMaxPool p && intType(fx) == TensorProto.DataType.INT8) {
            NodeProto.Builder mp = b.node("MaxPool", n.name(), n.output(), in);
            window(mp, p.window(), false);
            ProtoBuilder.integer(mp, "ceil_mode", p.window().ceilMode() ? 1 : 0);
        } else if (l instanceof QLayer.QMaxPool p) {
            // ONNX's MaxPool takes no 16-bit integers: on the dequantized values, which the maximum commutes with, so
            // quantizing back gives the same integers
            String d = n.name() + "_in", f = n.name() + "_f";
            b.node("DequantizeLinear", d, d, in, scale(d + "_scale", fx), zero(d + "_zp", fx));
            NodeProto.Builder mp = b.node("MaxPool", n.name(), f, d);
            window(mp, p.window(), false);
            ProtoBuilder.integer(mp, "ceil_mode", p.window().ceilMode() ? 1 : 0);
            b.node("QuantizeLinear", n.name() + "_quantize", n.output(), f, scale(n.name() + "_yscale", fy), zero(n.name() + "_yzp", fy));
        } else if (l instanceof QLayer.QAdd a) {
            twoInputs(n, "Add", a.a(), a.b(), fy, a.lo(), a.hi());
        } else if (l instanceof QLayer.QMul m) {
            twoInputs(n, "Mul", m.a(), m.b(), fy, m.lo(), m.hi());
        } else if (l instanceof QLayer.QLut lut) {
            String d = n.name() + "_in", f = n.name() + "_f";
            b.node("DequantizeLinear", d, d, in, scale(d + "_scale", fx), zero(d + "_zp", fx));
            activation(n, lut, d, f);
            clamped(n, f, fy, fy.qmin(), fy.qmax());
        } else if (l instanceof QLayer.QReshape) {
            Shape s = q.shapes().get(n.output());
            long[] target = new long[s.rank() + 1];
            target[0] = -1;
            for (int i = 0; i < s.rank(); i++) {
                target[i + 1] = s.dim(i);
            }
            b.node("Reshape", n.name(), n.output(), in, b.ints(n.name() + "_shape", TensorProto.DataType.INT64, target, target.length));
        } else if (l instanceof QLayer.QConcat c) {
            NodeProto.Builder cat = b.node("Concat", n.name(), n.output(), n.inputs().stream().map(this::integerName).toArray(String[]::new));
            ProtoBuilder.integer(cat, "axis", c.axis() + 1);
        } else if (l instanceof QLayer.QPad p) {
            long[] pads = new long[2 * (p.begin().length + 1)];
            for (int i = 0; i < p.begin().length; i++) {
                pads[i + 1] = p.begin()[i];
                pads[p.begin().length + 2 + i] = p.end()[i];
            }
            NodeProto.Builder pad = b.node("Pad", n.name(), n.output(), in,
                    b.ints(n.name() + "_pads", TensorProto.DataType.INT64, pads, pads.length),
                    b.ints(n.name() + "_value", intType(n.output()), new long[] {p.value()}));
            ProtoBuilder.text(pad, "mode", p.mode().name().toLowerCase(java.util.Locale.ROOT));
        } else if (l instanceof QLayer.QMove m) {
            // data movement runs on the integers themselves, as in Convoy
            fp32.node(new Node(n.name(), (dev.convoy.graph.Op) m.op(), n.inputs(), n.output()), null, new String[] {in}, n.output());
        } else if (l instanceof QLayer.QFloat f) {
            island(n, f);
        } else {
            throw new BadInputException("layer '" + n.name() + "' (" + l.type() + ") cannot be exported");
        }
    }

    /** DequantizeLinear of both inputs, the float operation, QuantizeLinear (and Clip): Add and Mul in every mode. */
    private void twoInputs(QNode n, String op, ActQuant fa, ActQuant fb, ActQuant fy, int lo, int hi) {
        String da = n.name() + "_a", db = n.name() + "_b", result = n.name() + "_" + op.toLowerCase(java.util.Locale.ROOT);
        b.node("DequantizeLinear", da, da, integerName(n.inputs().get(0)), scale(da + "_scale", fa), zero(da + "_zp", fa));
        b.node("DequantizeLinear", db, db, integerName(n.inputs().get(1)), scale(db + "_scale", fb), zero(db + "_zp", fb));
        b.node(op, n.name(), result, da, db);
        clamped(n, result, fy, lo, hi);
    }

    /** An fp32 island: DequantizeLinear of each integer input, the fp32 nodes, QuantizeLinear of the result. */
    private void island(QNode n, QLayer.QFloat f) {
        Map<String, String> names = new java.util.HashMap<>();
        for (int k = 0; k < n.inputs().size(); k++) {
            String v = n.inputs().get(k);
            ActQuant fv = q.formats().get(v);
            String d = n.name() + "_in" + k;
            b.node("DequantizeLinear", d, d, integerName(v), scale(d + "_scale", fv), zero(d + "_zp", fv));
            names.put(v, d);
        }
        String y = n.output() + "_float";
        names.put(f.graph().outputs().get(0), y);
        fp32.write(f.graph(), names);
        ActQuant fy = q.formats().get(n.output());
        b.node("QuantizeLinear", n.name() + "_quantize", n.output(), y, scale(n.name() + "_yscale", fy), zero(n.name() + "_yzp", fy));
    }

    private void activation(QNode n, QLayer.QLut lut, String in, String out) {
        fp32.activation(n.name(), lut.function(), in, out);
    }

    /** QuantizeLinear of a float value, and an integer Clip when the clamp is narrower than the format. */
    private void clamped(QNode n, String floatValue, ActQuant fy, int lo, int hi) {
        boolean clip = lo > fy.qmin() || hi < fy.qmax();
        String qv = clip ? n.output() + "_unclipped" : n.output();
        b.node("QuantizeLinear", n.name() + "_quantize", qv, floatValue, scale(n.name() + "_yscale", fy), zero(n.name() + "_yzp", fy));
        clip(n, qv, lo, hi, clip);
    }

    private void clip(QNode n, String value, int lo, int hi, boolean needed) {
        if (needed) {
            b.node("Clip", n.name() + "_clamp", n.output(), value, b.ints(n.name() + "_lo", intType(n.output()), new long[] {lo}),
                    b.ints(n.name() + "_hi", intType(n.output()), new long[] {hi}));
        }
    }

    private void conv(QNode n, QLayer.QConv c, String in, ActQuant fx, ActQuant fy) {
        Shape inShape = q.shapes().get(n.inputs().get(0));
        Shape outShape = q.shapes().get(n.output());
        boolean vector = inShape.rank() == 1;
        String x = in;
        if (vector) { // a Gemm: run it as a 1×1 convolution on a K×1×1 image
            x = n.name() + "_as_image";
            b.node("Reshape", n.name() + "_to_image", x, in,
                    b.ints(x + "_shape", TensorProto.DataType.INT64, new long[] {-1, inShape.dim(0), 1, 1}, 4));
        }
        int m = c.outChannels();
        long[] wdims = {m, c.weight().length / m / (c.window().kernelH() * c.window().kernelW()), c.window().kernelH(), c.window().kernelW()};
        long[] w = Arrays.stream(c.weight()).asLongStream().toArray();
        int lo = c.out().lo(), hi = c.out().hi();
        boolean clip = lo > fy.qmin() || hi < fy.qmax();
        String y = vector ? n.name() + "_image_out" : n.output();
        String convOut = clip ? y + "_unclipped" : y;
        boolean eightBit = intType(fx) == TensorProto.DataType.INT8 && intType(fy) == TensorProto.DataType.INT8
                && java.util.Arrays.stream(c.weight()).allMatch(v -> v >= -128 && v <= 127);
        if (eightBit) {
            for (long bias : c.bias()) {
                if (bias != (int) bias) {
                    throw new BadInputException("layer '" + n.name() + "': bias " + bias + " does not fit int32");
                }
            }
            NodeProto.Builder node = b.node("QLinearConv", n.name(), convOut, x, scale(n.name() + "_xscale", fx), zero(n.name() + "_xzp", fx),
                    b.ints(n.name() + "_w", TensorProto.DataType.INT8, w, wdims),
                    b.floats(n.name() + "_wscale", c.weightScales(), m),
                    b.ints(n.name() + "_wzp", TensorProto.DataType.INT8, new long[m], m),
                    scale(n.name() + "_yscale", fy), zero(n.name() + "_yzp", fy),
                    b.ints(n.name() + "_bias", TensorProto.DataType.INT32, c.bias(), m));
            window(node, c.window(), true);
            ProtoBuilder.integer(node, "group", c.groups());
        } else {
            String dx = n.name() + "_x", dw = n.name() + "_wf", db = n.name() + "_bf", f = n.name() + "_f";
            b.node("DequantizeLinear", dx, dx, x, scale(dx + "_scale", fx), zero(dx + "_zp", fx));
            ProtoBuilder.integer(b.node("DequantizeLinear", dw, dw, b.ints(n.name() + "_w", TensorProto.DataType.INT16, w, wdims),
                    b.floats(n.name() + "_wscale", c.weightScales(), m), b.ints(n.name() + "_wzp", TensorProto.DataType.INT16, new long[m], m)), "axis", 0);
            float[] bscale = new float[m];
            for (int i = 0; i < m; i++) {
                bscale[i] = fx.scale() * c.weightScales()[i];
            }
            for (long bias : c.bias()) {
                if (bias != (int) bias) {
                    throw new BadInputException("layer '" + n.name() + "': bias " + bias + " does not fit int32");
                }
            }
            ProtoBuilder.integer(b.node("DequantizeLinear", db, db, b.ints(n.name() + "_bias", TensorProto.DataType.INT32, c.bias(), m),
                    b.floats(n.name() + "_bscale", bscale, m), b.ints(n.name() + "_bzp", TensorProto.DataType.INT32, new long[m], m)), "axis", 0);
            NodeProto.Builder node = b.node("Conv", n.name(), f, dx, dw, db);
            window(node, c.window(), true);
            ProtoBuilder.integer(node, "group", c.groups());
            b.node("QuantizeLinear", n.name() + "_quantize", convOut, f, scale(n.name() + "_yscale", fy), zero(n.name() + "_yzp", fy));
        }
        if (clip) {
            b.node("Clip", n.name() + "_clamp", y, convOut, b.ints(n.name() + "_lo", intType(fy), new long[] {lo}),
                    b.ints(n.name() + "_hi", intType(fy), new long[] {hi}));
        }
        if (vector) {
            b.node("Reshape", n.name() + "_to_vector", n.output(), y,
                    b.ints(n.name() + "_vshape", TensorProto.DataType.INT64, new long[] {-1, outShape.dim(0)}, 2));
        }
    }

    private static void window(NodeProto.Builder n, Window w, boolean conv) {
        ProtoBuilder.ints(n, "kernel_shape", w.kernelH(), w.kernelW());
        ProtoBuilder.ints(n, "strides", w.strideH(), w.strideW());
        ProtoBuilder.ints(n, "dilations", w.dilationH(), w.dilationW());
        Padding p = w.padding();
        ProtoBuilder.ints(n, "pads", p.top(), p.left(), p.bottom(), p.right());
    }
}
