package dev.convoy.tensor;

/**
 * An fp32 tensor: a shape and its elements in row-major order. The array is shared, not copied; code that
 * receives a Tensor treats it as read-only, and each kernel writes only tensors it allocated itself.
 *
 * @param shape the dimensions
 * @param data  {@code shape.size()} elements, row-major
 */
public record Tensor(Shape shape, float[] data) {
    /** Checks that the data length matches the shape. */
    public Tensor {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("tensor data has " + data.length + " elements, shape " + shape
                    + " needs " + shape.size());
        }
    }

    /**
     * @param shape dimensions
     * @return a zero-filled tensor
     */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    /**
     * @param value the single element
     * @return a rank-0 tensor
     */
    public static Tensor scalar(float value) {
        return new Tensor(Shape.of(), new float[] {value});
    }

    /**
     * @param from first sample (index along the first axis)
     * @param to   one past the last
     * @return samples [from, to) of this batched tensor, copied, shaped [to − from, ...]
     */
    public Tensor samples(int from, int to) {
        int n = shape.dim(0);
        if (from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("samples [" + from + ", " + to + ") of a batch of " + n);
        }
        int per = n == 0 ? 0 : data.length / n;
        return new Tensor(shape.dropFirst().withBatch(to - from), java.util.Arrays.copyOfRange(data, from * per, to * per));
    }

    /** @return the number of elements */
    public int size() {
        return data.length;
    }
}
