package dev.convoy.onnx;

import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Arrays;

/**
 * A constant known at import time, with ONNX's literal shape. Integer tensors (shapes, indices) and float
 * tensors share one representation: doubles hold every int64 a real shape needs exactly. In integer
 * tensors NaN stands for the symbolic batch size, so Shape/Gather/Concat chains carry it to Reshape.
 *
 * @param dims     ONNX dimensions
 * @param values   elements, row-major
 * @param integral true for integer and boolean element types
 */
public record ConstTensor(long[] dims, double[] values, boolean integral) {
    /** Checks the element count. */
    public ConstTensor {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("constant of shape " + Arrays.toString(dims) + " holds " + values.length + " values");
        }
    }

    /** @return a 1-D integer tensor */
    static ConstTensor ints(long... v) {
        return new ConstTensor(new long[] {v.length}, Arrays.stream(v).asDoubleStream().toArray(), true);
    }

    public int size() {
        return values.length;
    }

    /** @return the values as int64, NaN (batch) becoming {@link dev.convoy.graph.Reshape#BATCH} */
    public long[] longs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.isNaN(values[i]) ? dev.convoy.graph.Reshape.BATCH : (long) values[i];
        }
        return out;
    }

    /** @return whether any element is the symbolic batch size */
    boolean dependsOnBatch() {
        return Arrays.stream(values).anyMatch(Double::isNaN);
    }

    /** @return the float tensor the IR uses */
    Tensor toTensor() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(Shape.ofLongs(dims), f);
    }

    /** @return the values as fp32 */
    float[] floats() {
        return toTensor().data();
    }
}
