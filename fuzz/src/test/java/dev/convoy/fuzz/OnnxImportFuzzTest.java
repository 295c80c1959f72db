package dev.convoy.fuzz;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.Model;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The ONNX importers under fuzzing: raw bytes (seeded from the fixture models), and field-level mutations of
 * a real fp32 model and of Convoy's own quantized output of it, so that the fuzzer spends its time in the
 * checks on shapes, attributes, scales, zero points and types rather than in the protobuf's framing.
 */
class OnnxImportFuzzTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static ModelProto fp32;
    private static ModelProto quantized;

    private static synchronized void models() {
        if (fp32 != null) {
            return;
        }
        fp32 = OnnxImporter.read(FIXTURES.resolve("resnet.onnx"));
        Graph g = OnnxImporter.translate(fp32, "resnet", null);
        // calibration on 20 seeded random images: the parameters need only be a real quantizer's output
        Random r = new Random(1);
        float[] x = new float[20 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        LabelledImages calib = new LabelledImages("random", new Tensor(Shape.of(20, 1, 28, 28), x), new int[20]);
        quantized = QuantizedOnnxWriter.toModel(Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse("int8"),
                RequantMode.parse("onnx")), Progress.NONE), false);
    }

    /** Imports a model and runs what every command runs next: the passes, or the quantized model's layers. */
    private static void load(byte[] bytes) {
        Expect.goodOrBadInput(() -> {
            Model m = Model.load(new ByteArrayInputStream(bytes), "fuzz.onnx");
            m.input();
            if (m.isQuantized()) {
                m.quantized().layers();
            } else {
                m.optimized();
                m.prepared();
            }
        });
    }

    @FuzzTest(maxDuration = "20s")
    void anyBytes(byte[] bytes) {
        load(bytes);
    }

    @FuzzTest(maxDuration = "20s")
    void fp32Fields(FuzzedDataProvider data) {
        models();
        load(mutate(fp32, data).toByteArray());
    }

    @FuzzTest(maxDuration = "20s")
    void quantizedFields(FuzzedDataProvider data) {
        models();
        load(mutate(quantized, data).toByteArray());
    }

    private static final List<TensorProto.DataType> TYPES = List.of(TensorProto.DataType.FLOAT, TensorProto.DataType.INT8,
            TensorProto.DataType.UINT8, TensorProto.DataType.INT16, TensorProto.DataType.INT32, TensorProto.DataType.INT64,
            TensorProto.DataType.DOUBLE, TensorProto.DataType.FLOAT16, TensorProto.DataType.BOOL, TensorProto.DataType.STRING);

    /** One to four edits of initializers, node inputs, attributes or metadata, chosen by the fuzzer. */
    private static ModelProto mutate(ModelProto base, FuzzedDataProvider d) {
        ModelProto.Builder m = base.toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        int edits = d.consumeInt(1, 4);
        for (int e = 0; e < edits; e++) {
            switch (d.consumeInt(0, 7)) {
                case 0 -> { // overwrite bytes of an initializer
                    int i = d.consumeInt(0, g.getInitializerCount() - 1);
                    TensorProto t = g.getInitializer(i);
                    byte[] raw = t.getRawData().toByteArray();
                    if (raw.length > 0) {
                        byte[] patch = d.consumeBytes(16);
                        int at = d.consumeInt(0, raw.length - 1);
                        System.arraycopy(patch, 0, raw, at, Math.min(patch.length, raw.length - at));
                        g.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(raw)));
                    }
                }
                case 1 -> { // retype an initializer
                    int i = d.consumeInt(0, g.getInitializerCount() - 1);
                    g.setInitializer(i, g.getInitializer(i).toBuilder().setDataType(d.pickValue(TYPES).getNumber()));
                }
                case 2 -> { // reshape an initializer
                    int i = d.consumeInt(0, g.getInitializerCount() - 1);
                    TensorProto.Builder t = g.getInitializer(i).toBuilder().clearDims();
                    int rank = d.consumeInt(0, 5);
                    for (int k = 0; k < rank; k++) {
                        t.addDims(d.consumeLong(-2, 1L << 33));
                    }
                    g.setInitializer(i, t);
                }
                case 3 -> { // rewire a node input to another value (or none)
                    int n = d.consumeInt(0, g.getNodeCount() - 1);
                    NodeProto.Builder node = g.getNodeBuilder(n);
                    if (node.getInputCount() > 0) {
                        int k = d.consumeInt(0, node.getInputCount() - 1);
                        NodeProto other = g.getNode(d.consumeInt(0, g.getNodeCount() - 1));
                        String to = d.consumeBoolean() ? "" : d.consumeBoolean() && other.getOutputCount() > 0 ? other.getOutput(0)
                                : g.getInitializer(d.consumeInt(0, g.getInitializerCount() - 1)).getName();
                        node.setInput(k, to);
                    }
                }
                case 4 -> { // change an integer attribute, or its list
                    NodeProto.Builder node = g.getNodeBuilder(d.consumeInt(0, g.getNodeCount() - 1));
                    if (node.getAttributeCount() > 0) {
                        int a = d.consumeInt(0, node.getAttributeCount() - 1);
                        AttributeProto.Builder at = node.getAttributeBuilder(a);
                        if (at.getIntsCount() > 0) {
                            at.setInts(d.consumeInt(0, at.getIntsCount() - 1), d.consumeLong(-3, 1L << 32));
                        } else {
                            at.setI(d.consumeLong(-3, 1L << 32)).setF(d.consumeFloat());
                        }
                    }
                }
                case 5 -> { // remove a node, or an output of one
                    int n = d.consumeInt(0, g.getNodeCount() - 1);
                    if (d.consumeBoolean()) {
                        g.removeNode(n);
                    } else {
                        g.getNodeBuilder(n).clearOutput();
                    }
                }
                case 6 -> { // change an op type or a node's name
                    NodeProto.Builder node = g.getNodeBuilder(d.consumeInt(0, g.getNodeCount() - 1));
                    if (d.consumeBoolean()) {
                        node.setOpType(g.getNode(d.consumeInt(0, g.getNodeCount() - 1)).getOpType());
                    } else {
                        node.setName(d.consumeString(40));
                    }
                }
                default -> { // change or add metadata (the quantized model's requantization, rounding, scheme)
                    String key = m.getMetadataPropsCount() > 0 && d.consumeBoolean()
                            ? m.getMetadataProps(d.consumeInt(0, m.getMetadataPropsCount() - 1)).getKey() : d.consumeString(20);
                    m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(d.consumeString(20)));
                }
            }
        }
        return m.build();
    }
}
