package dev.convoy.graph;

/** Walks a row-major index space, accumulating a source offset by per-axis steps: the core of every index map. */
final class Odometer {
    private Odometer() {
    }

    /**
     * @param dims  output extent per axis
     * @param step  source offset added per unit of each axis
     * @param start source offset of the first element
     * @return the source offset of each output element, row-major
     */
    static int[] walk(int[] dims, int[] step, int start) {
        int size = 1;
        for (int d : dims) {
            size = Math.multiplyExact(size, d);
        }
        int[] src = new int[size];
        if (size == 0) {
            return src;
        }
        int rank = dims.length;
        int[] idx = new int[rank];
        int at = start;
        for (int i = 0; i < size; i++) {
            src[i] = at;
            for (int d = rank - 1; d >= 0; d--) {
                at += step[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                at -= step[d] * idx[d];
                idx[d] = 0;
            }
        }
        return src;
    }
}
