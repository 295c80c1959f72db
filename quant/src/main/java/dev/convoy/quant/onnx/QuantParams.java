package dev.convoy.quant.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.onnx.ConstTensor;

/**
 * The checks a quantized model's parameters pass when read, in one place: a model that fails one would run
 * and print chance-level accuracy with exit 0, so each is refused in one line naming the node and field.
 * Scales must be finite, positive and normal (a denormal scale's reciprocal overflows); zero points must be
 * integers of the activation's type and inside it; weights integers of the scheme's width with zero point 0
 * (Convoy's integer layers are symmetric in the weights); biases int32, small enough that no accumulation
 * can overflow int32.
 */
final class QuantParams {
    private QuantParams() {
    }

    static BadInputException error(String node, String op, String message) {
        return new BadInputException("node " + Printable.name(node) + " (" + op + "): " + message);
    }

    /**
     * @param values   the scale tensor
     * @param expected 1 for a per-tensor scale, or the channel count a per-channel one may have
     * @return the scales as fp32, checked
     */
    static float[] scales(ConstTensor values, int expected, String node, String op, String field) {
        int n = values.size();
        if (n != 1 && n != expected) {
            throw error(node, op, field + " has " + n + " values; expected 1" + (expected == 1 ? "" : " or " + expected + " (one per channel)"));
        }
        if (values.integral()) {
            throw error(node, op, field + " must be a float tensor");
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float s = (float) values.values()[i];
            if (!(Float.isFinite(s) && s >= Float.MIN_NORMAL)) {
                throw error(node, op, field + (n == 1 ? "" : "[" + i + "]") + " = " + s + "; a scale must be finite, positive and normal");
            }
            out[i] = s;
        }
        return out;
    }

    /** @return the single zero point, checked to be an integer of {@code type} within [qmin, qmax] */
    static int zeroPoint(ConstTensor zp, TensorProto.DataType type, int bits, String node, String op, String field) {
        if (zp.size() != 1) {
            throw error(node, op, field + " has " + zp.size() + " values; an activation has one zero point");
        }
        checkIntegerType(type, bits, node, op, field);
        double v = zp.values()[0];
        int qmin = -(1 << (bits - 1)), qmax = (1 << (bits - 1)) - 1;
        if (v < qmin || v > qmax) {
            throw error(node, op, field + " = " + (long) v + " is outside int" + bits + " [" + qmin + ", " + qmax + "]");
        }
        return (int) v;
    }

    /** A weight zero point: every element 0, one value or one per output channel. */
    static void weightZeroPoint(ConstTensor zp, TensorProto.DataType type, int bits, int channels, String node, String op, String field) {
        if (zp.size() != 1 && zp.size() != channels) {
            throw error(node, op, field + " has " + zp.size() + " values; expected 1 or " + channels + " (one per output channel)");
        }
        checkIntegerType(type, bits, node, op, field);
        for (int i = 0; i < zp.size(); i++) {
            if (zp.values()[i] != 0) {
                throw error(node, op, field + "[" + i + "] = " + (long) zp.values()[i] + "; Convoy's integer layers take symmetric weights"
                        + " (zero point 0)");
            }
        }
    }

    /** Integer weights of the scheme's width. */
    static void weights(ConstTensor w, TensorProto.DataType type, int bits, String node, String op) {
        checkIntegerType(type, bits, node, op, "weight");
        int qmax = (1 << (bits - 1)) - 1;
        for (double v : w.values()) {
            if (v < -qmax - 1 || v > qmax) {
                throw error(node, op, "weight value " + (long) v + " is outside int" + bits);
            }
        }
    }

    /**
     * int32 biases. With an int32 accumulator (8-bit layers, as QLinearConv defines them) no accumulation may
     * pass int32: for each output channel |bias| + largest |input − zero point| × Σ|weights| must stay within
     * it. 16-bit layers accumulate in 64 bits, where no real fan-in can overflow.
     *
     * @param maxInput   largest |input − zero point|
     * @param weightSums Σ|weight| per output channel
     * @param int32Acc   whether the layer accumulates in int32
     */
    static long[] biases(ConstTensor bias, TensorProto.DataType type, int channels, long maxInput, long[] weightSums, boolean int32Acc,
                         String node, String op) {
        if (type != TensorProto.DataType.INT32) {
            throw error(node, op, "bias must be int32, not " + type);
        }
        if (bias.size() != channels) {
            throw error(node, op, "bias has " + bias.size() + " values; expected " + channels + " (one per output channel)");
        }
        long[] b = bias.longs();
        for (int i = 0; i < b.length && int32Acc; i++) {
            long room = Integer.MAX_VALUE - maxInput * weightSums[i];
            if (Math.abs(b[i]) > room) {
                throw error(node, op, "bias[" + i + "] = " + b[i] + " can overflow the int32 accumulator (its products reach "
                        + maxInput * weightSums[i] + ", leaving |bias| ≤ " + Math.max(room, 0) + ")");
            }
        }
        return b;
    }

    private static void checkIntegerType(TensorProto.DataType type, int bits, String node, String op, String field) {
        TensorProto.DataType want = bits <= 8 ? TensorProto.DataType.INT8 : TensorProto.DataType.INT16;
        if (type != want) {
            throw error(node, op, field + " must be " + want.name().toLowerCase(java.util.Locale.ROOT) + ", not " + type);
        }
    }
}
