package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small helpers for writing ONNX protobuf: initializers, nodes and attributes. */
public final class ProtoBuilder {
    private final GraphProto.Builder graph;

    public ProtoBuilder(GraphProto.Builder graph) {
        this.graph = graph;
    }

    /** Adds a float initializer. */
    public String floats(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, dims, b.array()));
        return name;
    }

    /** Adds an integer initializer of the given element type (INT8, INT16, INT32, INT64). */
    public String ints(String name, TensorProto.DataType type, long[] v, long... dims) {
        int width = switch (type) {
            case INT8 -> 1;
            case INT16 -> 2;
            case INT32 -> 4;
            case INT64 -> 8;
            default -> throw new IllegalArgumentException(type.toString());
        };
        ByteBuffer b = ByteBuffer.allocate(width * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            switch (width) {
                case 1 -> b.put((byte) x);
                case 2 -> b.putShort((short) x);
                case 4 -> b.putInt((int) x);
                default -> b.putLong(x);
            }
        }
        graph.addInitializer(tensor(name, type, dims, b.array()));
        return name;
    }

    private static TensorProto tensor(String name, TensorProto.DataType type, long[] dims, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** Adds a node with the given inputs and one output; attributes are added on the returned builder. */
    public NodeProto.Builder node(String type, String name, String output, String... inputs) {
        NodeProto.Builder n = graph.addNodeBuilder().setOpType(type).setName(name).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    public static void ints(NodeProto.Builder n, String attr, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        n.addAttribute(a);
    }

    public static void integer(NodeProto.Builder n, String attr, long v) {
        n.addAttribute(AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.INT).setI(v));
    }

    public static void real(NodeProto.Builder n, String attr, float v) {
        n.addAttribute(AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.FLOAT).setF(v));
    }

    public static void text(NodeProto.Builder n, String attr, String v) {
        n.addAttribute(AttributeProto.newBuilder().setName(attr).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)));
    }
}
