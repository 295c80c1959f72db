package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.convoy.BadInputException;
import dev.convoy.Printable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node with typed attribute access. Every error names the node and the attribute.
 */
public final class OnnxNode {
    private final NodeProto proto;
    private final String name;
    private final int opset;
    private final Map<String, AttributeProto> attributes = new HashMap<>();

    /**
     * @param proto the node
     * @param index its position, used to name unnamed nodes
     * @param opset the model's default-domain opset
     */
    public OnnxNode(NodeProto proto, int index, int opset) {
        this.proto = proto;
        this.name = proto.getName().isEmpty() ? proto.getOpType() + "_" + index : proto.getName();
        this.opset = opset;
        if (proto.getOutputCount() == 0 || proto.getOutput(0).isEmpty()) {
            throw error("has no output");
        }
        for (AttributeProto a : proto.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    String name() {
        return name;
    }

    String type() {
        return proto.getOpType();
    }

    int opset() {
        return opset;
    }

    /** @return input names; "" marks an omitted optional input */
    List<String> inputs() {
        return proto.getInputList();
    }

    /**
     * @param i input index
     * @return the name, or "" if absent or omitted
     */
    String input(int i) {
        return i < proto.getInputCount() ? proto.getInput(i) : "";
    }

    List<String> outputs() {
        return proto.getOutputList();
    }

    String output() {
        return proto.getOutput(0);
    }

    boolean has(String attr) {
        return attributes.containsKey(attr);
    }

    /** @return a one-line error about this node */
    BadInputException error(String message, Throwable cause) {
        return new BadInputException(error(message).getMessage(), cause);
    }

    /** @return a one-line error about this node */
    BadInputException error(String message) {
        return new BadInputException("node " + Printable.name(name) + " (" + Printable.word(type()) + "): " + message);
    }

    public long getInt(String attr, long dflt) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        expect(a, AttributeProto.AttributeType.INT);
        return a.getI();
    }

    float getFloat(String attr, float dflt) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        expect(a, AttributeProto.AttributeType.FLOAT);
        return a.getF();
    }

    public String getString(String attr, String dflt) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return dflt;
        }
        expect(a, AttributeProto.AttributeType.STRING);
        return a.getS().toStringUtf8();
    }

    /** @return the int list, or null if absent */
    long[] getInts(String attr) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return null;
        }
        expect(a, AttributeProto.AttributeType.INTS);
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** @return the float list, or null if absent */
    float[] getFloats(String attr) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return null;
        }
        expect(a, AttributeProto.AttributeType.FLOATS);
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }

    /** @return the tensor, or null if absent */
    TensorProto getTensor(String attr) {
        AttributeProto a = attributes.get(attr);
        if (a == null) {
            return null;
        }
        expect(a, AttributeProto.AttributeType.TENSOR);
        return a.getT();
    }

    /**
     * @param attr name
     * @param length required length
     * @param dflt value for each entry when absent
     * @return the ints as int[] of the required length, checked to fit in int
     */
    public int[] getIntsOfLength(String attr, int length, int dflt) {
        long[] v = getInts(attr);
        int[] out = new int[length];
        if (v == null) {
            java.util.Arrays.fill(out, dflt);
            return out;
        }
        if (v.length != length) {
            throw error("attribute '" + attr + "' has " + v.length + " entries, expected " + length);
        }
        for (int i = 0; i < length; i++) {
            if (v[i] < Integer.MIN_VALUE / 2 || v[i] > Integer.MAX_VALUE / 2) {
                throw error("attribute '" + attr + "' entry " + v[i] + " is out of range");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private void expect(AttributeProto a, AttributeProto.AttributeType type) {
        AttributeProto.AttributeType actual = a.getType();
        if (actual != type && actual != AttributeProto.AttributeType.UNDEFINED) {
            throw error("attribute '" + a.getName() + "' is " + actual + ", expected " + type);
        }
    }
}
