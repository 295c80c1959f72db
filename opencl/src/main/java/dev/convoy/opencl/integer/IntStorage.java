package dev.convoy.opencl.integer;

import dev.convoy.quant.ActQuant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How an integer tensor is stored on the device: the narrowest OpenCL type that holds every integer of
 * its format, so 8-bit activations move and sit as 8 bits (and feed the 4-way dot products).
 */
public enum IntStorage {
    CHAR("char", 1, -128, 127),
    UCHAR("uchar", 1, 0, 255),
    SHORT("short", 2, -32768, 32767),
    INT("int", 4, Integer.MIN_VALUE, Integer.MAX_VALUE);

    /** the OpenCL C type name, passed to kernels as -D TX/TY */
    final String clType;
    /** bytes per element */
    final int bytes;
    private final int min;
    private final int max;

    /** @return the OpenCL C type that stores it, e.g. {@code char} */
    public String clType() {
        return clType;
    }

    IntStorage(String clType, int bytes, int min, int max) {
        this.clType = clType;
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /** @return the narrowest storage holding [qmin, qmax] of the format */
    public static IntStorage of(ActQuant format) {
        for (IntStorage s : values()) {
            if (format.qmin() >= s.min && format.qmax() <= s.max) {
                return s;
            }
        }
        return INT;
    }

    /** @return whether v is representable */
    boolean holds(long v) {
        return v >= min && v <= max;
    }

    /** @return the integers in this storage's little-endian bytes (device order on every supported device) */
    ByteBuffer pack(int[] q) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(q.length * bytes, 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : q) {
            switch (this) {
                case CHAR, UCHAR -> b.put((byte) v);
                case SHORT -> b.putShort((short) v);
                case INT -> b.putInt(v);
            }
        }
        return b.rewind();
    }

    /** @return the integers of count elements in this storage */
    int[] unpack(ByteBuffer b, int count) {
        b.order(ByteOrder.LITTLE_ENDIAN).rewind();
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            q[i] = switch (this) {
                case CHAR -> b.get();
                case UCHAR -> b.get() & 0xFF;
                case SHORT -> b.getShort();
                case INT -> b.getInt();
            };
        }
        return q;
    }
}
