package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.convoy.BadInputException;
import dev.convoy.engine.Model;
import dev.convoy.onnx.OnnxImporter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, one reproducer per finding: every model here is a real exported fixture (or Convoy's own
 * quantized output of one) with one field corrupted. Each must end in a one-line error naming the node and
 * field (exit 2) or, where the model loads but computes NaN, a failed check (exit 1) — never exit 0 with a
 * number, never an internal error.
 */
class HostileInputTest {
    @TempDir
    static Path tmp;

    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final String DATA = System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");
    private static ModelProto quantized;
    private static ModelProto lenet;

    @BeforeAll
    static void models() throws IOException {
        Path q = tmp.resolve("lenet5-int8.onnx");
        CliRun r = CliRun.of("quantize", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:100",
                "-o", q.toString());
        assertEquals(0, r.code(), r.err());
        quantized = OnnxImporter.read(q);
        lenet = OnnxImporter.read(FIXTURES.resolve("lenet5.onnx"));
    }

    // ---- helpers: change one initializer or node of a real model ----

    private static NodeProto first(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).findFirst().orElseThrow();
    }

    private static ModelProto withInit(ModelProto m, String name, UnaryOperator<TensorProto> change) {
        ModelProto.Builder b = m.toBuilder();
        var g = b.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(name)) {
                g.setInitializer(i, change.apply(g.getInitializer(i)));
                return b.build();
            }
        }
        throw new AssertionError("no initializer " + name);
    }

    /** The first QLinearConv's initializer at an input index, replaced. */
    private static ModelProto qconv(int input, UnaryOperator<TensorProto> change) {
        return withInit(quantized, first(quantized, "QLinearConv").getInput(input), change);
    }

    private static TensorProto floats(TensorProto t, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return t.toBuilder().clearFloatData().setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static TensorProto retyped(TensorProto t, TensorProto.DataType type, int width) {
        long n = t.getDimsList().stream().reduce(1L, (a, c) -> a * c);
        return t.toBuilder().clearInt32Data().setDataType(type.getNumber()).setRawData(ByteString.copyFrom(new byte[(int) n * width])).build();
    }

    private static Path save(ModelProto m, String name) throws IOException {
        Path f = tmp.resolve(name + ".onnx");
        Files.write(f, m.toByteArray());
        return f;
    }

    private static String refused(ModelProto m, String name) throws IOException {
        Path f = save(m, name);
        BadInputException e = assertThrows(BadInputException.class, () -> Model.load(f), name);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    private static void assertOneLine(CliRun r, int code) {
        assertEquals(code, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
    }

    // ---- quantized parameters ----

    @Test
    void outputScalesMustBeFinitePositiveAndNormal() throws IOException {
        for (float bad : new float[] {0f, Float.NaN, Float.POSITIVE_INFINITY, -0.5f, 1e-40f}) {
            String m = refused(qconv(6, t -> floats(t, bad)), "yscale");
            assertTrue(m.contains("(QLinearConv): scale") && m.contains("= " + bad + "; a scale must be finite, positive and normal"), m);
        }
    }

    @Test
    void zeroPointsMustBeInsideTheirType() throws IOException {
        String m = refused(qconv(7, t -> t.toBuilder().clearRawData().clearInt32Data().addInt32Data(300).build()), "yzp");
        assertTrue(m.contains("zero point") && m.contains("= 300 is outside int8 [-128, 127]"), m);
    }

    @Test
    void aBiasThatCanOverflowTheAccumulatorIsRefused() throws IOException {
        String m = refused(qconv(8, t -> {
            ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, Integer.MAX_VALUE);
            return t.toBuilder().setRawData(ByteString.copyFrom(b.array())).build();
        }), "bias");
        assertTrue(m.contains("bias[0] = 2147483647 can overflow the int32 accumulator"), m);
    }

    @Test
    void weightAndBiasTypesAreChecked() throws IOException {
        assertTrue(refused(qconv(3, t -> retyped(t, TensorProto.DataType.INT32, 4)), "w32").contains("weight must be int8, not INT32"));
        assertTrue(refused(qconv(3, t -> retyped(t, TensorProto.DataType.FLOAT, 4)), "wfloat").contains("weight must be int8, not FLOAT"));
        assertTrue(refused(qconv(8, t -> retyped(t, TensorProto.DataType.FLOAT, 4)), "bfloat").contains("bias must be int32, not FLOAT"));
    }

    @Test
    void fieldsThatUsedToBeIgnoredAreChecked() throws IOException {
        // x_scale 0, and an x_scale that disagrees with the input's format
        assertTrue(refused(qconv(1, t -> floats(t, 0f)), "xscale0").contains("a scale must be finite, positive and normal"));
        String twice = refused(qconv(1, t -> floats(t, 2 * t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat(0))),
                "xscale2");
        assertTrue(twice.contains("disagree with its input's format"), twice);
        // a non-zero weight zero point, and one of the wrong length
        String nonZero = refused(qconv(5, t -> t.toBuilder().setRawData(ByteString.copyFrom(new byte[] {3, 0, 0, 0, 0, 0})).build()), "wzp");
        assertTrue(nonZero.contains("w_zero_point[0] = 3"), nonZero);
        String length = refused(qconv(5, t -> t.toBuilder().clearDims().addDims(3).setRawData(ByteString.copyFrom(new byte[3])).build()), "wzp3");
        assertTrue(length.contains("w_zero_point has 3 values; expected 1 or 6"), length);
    }

    @Test
    void evalOfACorruptQuantizedModelFailsInOneLine() throws IOException {
        Path f = save(qconv(6, t -> floats(t, 0f)), "cli-yscale");
        assertOneLine(CliRun.of("eval", f.toString(), "--data", DATA, "--limit", "10"), ExitCode.BAD_INPUT);
    }

    // ---- fp32 weights and structure ----

    private static ModelProto infiniteConvWeight(float value) {
        return withInit(lenet, first(lenet, "Conv").getInput(1), t -> {
            ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            b.putFloat(0, value);
            return t.toBuilder().setRawData(ByteString.copyFrom(b.array())).build();
        });
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        String inf = refused(infiniteConvWeight(Float.POSITIVE_INFINITY), "inf");
        assertTrue(inf.contains("holds Infinity at element 0") && inf.contains("--allow-nonfinite"), inf);
        assertTrue(refused(infiniteConvWeight(Float.NaN), "nan").contains("holds NaN at element 0"));
    }

    @Test
    void nonFiniteOutputsFailEvalInferAndValidateNamingTheFirstLayer() throws IOException {
        Path f = save(infiniteConvWeight(Float.POSITIVE_INFINITY), "inf-allowed");
        String conv = first(lenet, "Conv").getName();
        CliRun eval = CliRun.of("eval", f.toString(), "--allow-nonfinite", "--data", DATA, "--limit", "20");
        assertOneLine(eval, ExitCode.CHECK_FAILED);
        // ReLU maps NaN to 0 on some images, so the first failing image depends on the data; the origin does not
        assertTrue(eval.err().matches("(?s)convoy: check failed: the model output of image \\d+ is NaN.*first non-finite values come from node '"
                + java.util.regex.Pattern.quote(conv) + "' \\(Conv\\)\\s*"), eval.err());
        assertFalse(eval.out().contains("top-1"), "no accuracy printed for NaN outputs");
        Path npy = tmp.resolve("out.npy");
        CliRun infer = CliRun.of("infer", f.toString(), "--allow-nonfinite", "--data", DATA, "--limit", "5", "--out", npy.toString());
        assertOneLine(infer, ExitCode.CHECK_FAILED);
        assertFalse(Files.exists(npy), "no output file for NaN outputs");
        // the gate can never pass: calibration meets the NaN first
        CliRun validate = CliRun.of("validate", f.toString(), "--allow-nonfinite", "--data", DATA, "--limit", "20", "--calib", "fashion-mnist:20");
        assertOneLine(validate, ExitCode.CHECK_FAILED);
        assertTrue(validate.err().contains("calibration: node '" + conv + "' (Conv) produced"), validate.err());
        assertFalse(validate.out().contains("PASS"), validate.out());
    }

    @Test
    void negativeBatchNormVarianceIsRefused() throws IOException {
        ModelProto resnet = OnnxImporter.read(FIXTURES.resolve("resnet.onnx"));
        NodeProto bn = first(resnet, "BatchNormalization");
        String m = refused(withInit(resnet, bn.getInput(4), t -> {
            ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            b.putFloat(0, -5f);
            return t.toBuilder().setRawData(ByteString.copyFrom(b.array())).build();
        }), "bnvar");
        assertTrue(m.contains("(BatchNormalization)") && m.contains("var[0] = -5.0 is negative"), m);
    }

    @Test
    void malformedStructureIsAOneLineError() throws IOException {
        ModelProto.Builder noOut = lenet.toBuilder();
        noOut.getGraphBuilder().getNodeBuilder(0).clearOutput();
        assertTrue(refused(noOut.build(), "noout").contains("has no output"));
        // a Reshape of a constant (a weight) to a shape with a different element count
        ModelProto.Builder reshape = lenet.toBuilder();
        var g = reshape.getGraphBuilder();
        g.addInitializer(TensorProto.newBuilder().setName("bad_shape").setDataType(TensorProto.DataType.INT64_VALUE).addDims(2)
                .addInt64Data(7).addInt64Data(7));
        g.addNode(0, NodeProto.newBuilder().setOpType("Reshape").setName("reshape_weight").addInput(first(lenet, "Conv").getInput(1))
                .addInput("bad_shape").addOutput("reshaped_weight"));
        String m = refused(reshape.build(), "reshape");
        assertTrue(m.contains("node 'reshape_weight' (Reshape)"), m);
    }

    @Test
    void namesFromTheFileCannotForgeLines() throws IOException {
        ModelProto.Builder b = lenet.toBuilder();
        b.getGraphBuilder().getNodeBuilder(0).setOpType("Conv\nconvoy: validate PASS\u001b[32m");
        Path f = save(b.build(), "forged");
        CliRun r = CliRun.of("summary", f.toString());
        assertOneLine(r, ExitCode.BAD_INPUT);
        assertTrue(r.err().contains("Conv\\nconvoy: validate PASS\\u001B[32m"), r.err());
        assertFalse(r.err().chars().anyMatch(c -> c == 0x1b), r.err());
    }

    // ---- data and options ----

    @Test
    void anIdxHeaderThatOverstatesItsPayloadIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("idx"));
        // 1,360,000 images of 28×28 declared; 4 MB held
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve("t10k-images-idx3-ubyte.gz"))))) {
            o.writeInt(0x0803);
            o.writeInt(1_360_000);
            o.writeInt(28);
            o.writeInt(28);
            o.write(new byte[4_000_000]);
        }
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("t10k-labels-idx1-ubyte.gz")))) {
            new DataOutputStream(o).writeInt(0x0801);
        }
        CliRun r = CliRun.of("eval", FIXTURES.resolve("lenet5.onnx").toString(), "--data", dir.toString());
        assertOneLine(r, ExitCode.BAD_INPUT);
        assertTrue(r.err().contains("t10k-images-idx3-ubyte.gz"), r.err());
    }

    @Test
    void optionsNamingNothingOrRepeatedAreRefused() {
        CliRun layer = CliRun.of("quantize", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:10",
                "--layer-method", "/no/such/Conv=percentile:99.9", "-o", tmp.resolve("lm.onnx").toString());
        assertOneLine(layer, ExitCode.BAD_INPUT);
        assertTrue(layer.err().contains("'/no/such/Conv': the model has no node or tensor of that name"), layer.err());
        CliRun sweep = CliRun.of("explore", FIXTURES.resolve("lenet5.onnx").toString(), "--hw", "pipecnn-de5net",
                "--sweep", "lanes=4..8,lanes=8..16", "--plot", tmp.resolve("p.svg").toString());
        assertOneLine(sweep, ExitCode.BAD_INPUT);
        assertTrue(sweep.err().contains("lanes given twice"), sweep.err());
        CliRun huge = CliRun.of("simulate", FIXTURES.resolve("lenet5.onnx").toString(), "--hw", "systolic:99999999999x8:os");
        assertOneLine(huge, ExitCode.BAD_INPUT);
        CliRun twice = CliRun.of("quantize", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:10",
                "--layer-method", "/conv1/Conv=minmax", "--layer-method", "/conv1/Conv=kl", "-o", tmp.resolve("lm2.onnx").toString());
        assertOneLine(twice, ExitCode.BAD_INPUT);
        assertTrue(twice.err().contains("--layer-method /conv1/Conv is given twice"), twice.err());
        CliRun device = CliRun.of("eval", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--limit", "5",
                "--device", "opencl:99999999999");
        // a device that is not there takes the documented OpenCL-to-CPU fallback, with its note (was exit 3)
        assertEquals(ExitCode.OK, device.code(), device.err());
        assertTrue(device.err().contains("opencl:99999999999: no such device number") && device.err().contains("CPU instead"), device.err());
    }

    @Test
    void aValidationThatCannotFitTheHeapIsRefusedBeforeWork() throws IOException {
        // a 20,000-layer chain: lenet5 with 20,000 Relu nodes after its first convolution
        ModelProto.Builder b = lenet.toBuilder();
        var g = b.getGraphBuilder();
        NodeProto conv = first(lenet, "Conv");
        String out = conv.getOutput(0);
        int at = g.getNodeList().indexOf(conv) + 1;
        String prev = out;
        for (int i = 0; i < 20_000; i++) {
            String next = "chain_" + i;
            g.addNode(at + i, NodeProto.newBuilder().setOpType("Relu").setName(next).addInput(prev).addOutput(next));
            prev = next;
        }
        for (int i = at + 20_000; i < g.getNodeCount(); i++) {
            var n = g.getNodeBuilder(i);
            for (int k = 0; k < n.getInputCount(); k++) {
                if (n.getInput(k).equals(out)) {
                    n.setInput(k, prev);
                }
            }
        }
        Path f = save(b.build(), "chain");
        CliRun r = CliRun.of("validate", f.toString(), "--data", DATA, "--calib", "fashion-mnist:10", "--batch", "100");
        assertOneLine(r, ExitCode.BAD_INPUT);
        assertTrue(r.err().contains("validating") && r.err().contains("use a smaller --batch"), r.err());
    }
}
