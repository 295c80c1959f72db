package dev.convoy.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape: dimension sizes, outermost first (row-major, NCHW for images).
 * The rank-0 shape {@code []} holds one element.
 */
public final class Shape {
    /** Largest element count Convoy will allocate for one tensor (Java arrays are int-indexed). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * @param dims sizes, each at least 0
     * @return the shape
     * @throws IllegalArgumentException if a size is negative or the element count exceeds {@link #MAX_ELEMENTS}
     */
    public static Shape of(int... dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return new Shape(dims.clone());
    }

    /**
     * Checked conversion from ONNX's 64-bit dimensions.
     *
     * @param dims sizes
     * @return the shape
     * @throws IllegalArgumentException if a size is negative or the total exceeds {@link #MAX_ELEMENTS}
     */
    public static Shape ofLongs(long... dims) {
        long n = 1;
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > MAX_ELEMENTS) {
                throw new IllegalArgumentException("dimension " + dims[i] + " out of range in " + Arrays.toString(dims));
            }
            n = Math.multiplyHigh(n, dims[i]) != 0 ? Long.MAX_VALUE : n * dims[i];
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
            out[i] = (int) dims[i];
        }
        return new Shape(out);
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /**
     * @param axis dimension index; negative counts from the end
     * @return the size of that dimension
     */
    public int dim(int axis) {
        return dims[axis < 0 ? axis + dims.length : axis];
    }

    /** @return a copy of the sizes */
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of elements */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * @param batch a leading dimension to add
     * @return {@code [batch, dims...]}
     */
    public Shape withBatch(int batch) {
        int[] out = new int[dims.length + 1];
        out[0] = batch;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return of(out);
    }

    /** @return this shape without its first dimension */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return e.g. {@code [16,28,28]} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ",").append(dims[i]);
        }
        return b.append(']').toString();
    }
}
