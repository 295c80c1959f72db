package dev.convoy.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.convoy.BadInputException;
import dev.convoy.GraphFixtures;
import dev.convoy.graph.Graph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad models must fail at import with one line naming the file and the node or field — never a stack trace,
 * an out-of-memory error or a hang. The malformed models here are built with the protobuf classes on
 * purpose: no exporter writes them.
 */
class OnnxImporterErrorTest {
    @TempDir
    Path tmp;

    private static BadInputException fails(Path p) {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxImporter.load(p));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void missingFileAndDirectory() {
        assertTrue(fails(tmp.resolve("nope.onnx")).getMessage().contains("no such file"));
        assertTrue(fails(tmp).getMessage().contains("directory"));
    }

    @Test
    void emptyTextAndRandomBytesAreNotOnnx() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.onnx"), new byte[0]);
        Path text = Files.writeString(tmp.resolve("text.onnx"), "this is not a model\n");
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Path random = Files.write(tmp.resolve("random.onnx"), noise);
        for (Path p : new Path[] {empty, text, random}) {
            assertTrue(fails(p).getMessage().contains("ONNX"), p.toString());
        }
    }

    @Test
    void truncatedModels() throws Exception {
        byte[] full = Files.readAllBytes(GraphFixtures.fixtures().resolve("resnet.onnx"));
        for (int cut : new int[] {17, full.length / 3, full.length - 5}) {
            Path p = Files.write(tmp.resolve("cut" + cut + ".onnx"), Arrays.copyOf(full, cut));
            fails(p);
        }
    }

    @Test
    void unsupportedOperatorsAreAllListedWithTheirNodes() {
        Path p = GraphFixtures.fixtures().resolve("bad/unsupported.onnx");
        String m = fails(p).getMessage();
        assertEquals(p + ": unsupported operators: Einsum (nodes 'einsum1', 'einsum2'); LpNormalization (node 'lpnorm')", m);
    }

    private static ValueInfoProto input(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private Path model(String file, long opset, GraphProto.Builder g) throws Exception {
        ModelProto m = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g.addOutput(ValueInfoProto.newBuilder().setName("y"))).build();
        return Files.write(tmp.resolve(file), m.toByteArray());
    }

    private static GraphProto.Builder relu(ValueInfoProto in) {
        return GraphProto.newBuilder().setName("g").addInput(in).addNode(
                ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("x").addOutput("y"));
    }

    @Test
    void absurdInputDimensionIsRejectedBeforeAllocating() throws Exception {
        Path p = model("huge.onnx", 13, relu(input("x", 1L << 40)));
        assertTrue(fails(p).getMessage().contains("input 'x'"));
    }

    @Test
    void initializerWithAbsurdShapeOrMissingData() throws Exception {
        GraphProto.Builder g = relu(input("x", 4)).addInitializer(TensorProto.newBuilder().setName("w")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(1L << 20).addDims(1L << 20));
        assertTrue(fails(model("init.onnx", 13, g)).getMessage().contains("initializer 'w'"));
        GraphProto.Builder short_ = relu(input("x", 4)).addInitializer(TensorProto.newBuilder().setName("w")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(3).addFloatData(1f));
        assertTrue(fails(model("short.onnx", 13, short_)).getMessage().contains("holds 1"));
    }

    @Test
    void externalDataIsExplained() throws Exception {
        GraphProto.Builder g = relu(input("x", 4)).addInitializer(TensorProto.newBuilder().setName("w")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin")));
        assertTrue(fails(model("ext.onnx", 13, g)).getMessage().contains("external file"));
    }

    @Test
    void opsetOutsideRange() throws Exception {
        assertTrue(fails(model("old.onnx", 9, relu(input("x", 4)))).getMessage().contains("opset 9"));
        Graph ok = OnnxImporter.load(model("new.onnx", 18, relu(input("x", 4))));
        assertEquals(1, ok.nodes().size());
    }

    @Test
    void nodeErrorsNameTheNode() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(input("x", 3, 8, 8))
                .addInitializer(TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addAllDims(java.util.List.of(4L, 2L, 3L, 3L)).setRawData(com.google.protobuf.ByteString.copyFrom(new byte[4 * 72])))
                .addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("conv_bad").addInput("x")
                        .addInput("w").addOutput("y"));
        String m = fails(model("conv.onnx", 13, g)).getMessage();
        assertTrue(m.contains("node 'conv_bad' (Conv)") && m.contains("3"), m);
    }

    @Test
    void textBytesNamedLikeAModel() throws Exception {
        Path p = Files.write(tmp.resolve("readme.onnx"), "# Convoy\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        fails(p);
    }
}
