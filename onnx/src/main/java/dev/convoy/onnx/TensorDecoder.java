package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.convoy.BadInputException;
import dev.convoy.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes ONNX TensorProto initializers and Constant values, from raw_data or the typed fields. */
public final class TensorDecoder {
    private TensorDecoder() {
    }

    /**
     * @param t     the proto
     * @param where "initializer 'w'" or similar, for messages
     * @return the constant
     * @throws BadInputException for external data, unsupported types, absurd shapes or short data
     */
    public static ConstTensor decode(TensorProto t, String where) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new BadInputException(where + " keeps its data in an external file, which Convoy does not read;"
                    + " re-export with the weights inside the .onnx (save_as_external_data=False)");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count;
        try {
            count = Shape.ofLongs(dims).size();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + " has an impossible shape: " + e.getMessage());
        }
        int type = t.getDataType();
        TensorProto.DataType dt = TensorProto.DataType.forNumber(type);
        if (dt == null) {
            throw new BadInputException(where + " has unknown data type " + type);
        }
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int width = switch (dt) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case INT8, UINT8, BOOL -> 1;
            case INT16, UINT16, FLOAT16 -> 2;
            default -> throw new BadInputException(where + " has unsupported data type " + dt);
        };
        int held = raw ? bytes.remaining() / width : typedCount(t, dt);
        if (held != count) {
            throw new BadInputException(where + " declares shape " + java.util.Arrays.toString(dims) + " (" + count
                    + " elements) but holds " + held);
        }
        double[] v = new double[(int) count]; // only now: the declared count is what the file holds
        for (int i = 0; i < count; i++) {
            v[i] = raw ? rawValue(bytes, dt, i) : typedValue(t, dt, i);
        }
        boolean integral = dt != TensorProto.DataType.FLOAT && dt != TensorProto.DataType.DOUBLE
                && dt != TensorProto.DataType.FLOAT16;
        return new ConstTensor(dims, v, integral);
    }

    private static int typedCount(TensorProto t, TensorProto.DataType dt) {
        return switch (dt) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT64, UINT32 -> t.getUint64DataCount();
            default -> t.getInt32DataCount(); // int8/16/32, uint8/16, bool and float16 bits live in int32_data
        };
    }

    private static double typedValue(TensorProto t, TensorProto.DataType dt, int i) {
        return switch (dt) {
            case FLOAT -> t.getFloatData(i);
            case DOUBLE -> t.getDoubleData(i);
            case INT64 -> t.getInt64Data(i);
            case UINT64, UINT32 -> t.getUint64Data(i);
            case FLOAT16 -> halfToFloat((short) t.getInt32Data(i));
            default -> t.getInt32Data(i);
        };
    }

    private static double rawValue(ByteBuffer b, TensorProto.DataType dt, int i) {
        return switch (dt) {
            case FLOAT -> b.getFloat(i * 4);
            case DOUBLE -> b.getDouble(i * 8);
            case INT32 -> b.getInt(i * 4);
            case UINT32 -> Integer.toUnsignedLong(b.getInt(i * 4));
            case INT64, UINT64 -> b.getLong(i * 8);
            case INT8 -> b.get(i);
            case UINT8, BOOL -> Byte.toUnsignedInt(b.get(i));
            case INT16 -> b.getShort(i * 2);
            case UINT16 -> Short.toUnsignedInt(b.getShort(i * 2));
            case FLOAT16 -> halfToFloat(b.getShort(i * 2));
            default -> throw new IllegalStateException(dt.toString());
        };
    }

    /** IEEE 754 binary16 to fp32 (exact: every half value is a float). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f; // subnormal or zero
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
