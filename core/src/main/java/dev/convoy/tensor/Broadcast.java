package dev.convoy.tensor;

/** NumPy / ONNX multidirectional broadcasting of shapes, and the index mapping it implies. */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * @param a one shape
     * @param b the other
     * @return the broadcast shape (dimensions aligned from the right; 1 stretches)
     * @throws IllegalArgumentException if a pair of dimensions is neither equal nor 1
     */
    public static Shape shape(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /**
     * Strides for reading a tensor of shape {@code in} as if it had the (larger) broadcast shape {@code out}:
     * stretched dimensions get stride 0.
     *
     * @param in  the operand's shape
     * @param out the broadcast shape
     * @return one stride (in elements) per dimension of {@code out}
     */
    public static int[] strides(Shape in, Shape out) {
        int rank = out.rank();
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - in.rank());
            int d = j < 0 ? 1 : in.dim(j);
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }
}
