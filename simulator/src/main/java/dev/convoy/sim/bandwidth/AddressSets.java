package dev.convoy.sim.bandwidth;

/**
 * Which sets of the SRAM hold each word: the fetch order's valid words cut into sets of a fixed size (SCALE-Sim's
 * hashed buffer), indexed by word as a compressed list of set numbers, ascending. A word the order repeats (an
 * ifmap word read by overlapping windows) lies in several sets. ("Line" below means such a set.)
 */
final class AddressSets {
    private final int[] start;
    private final int[] line;
    private final int setCount;
    private final long entries;

    private AddressSets(int[] start, int[] line, int setCount, long entries) {
        this.start = start;
        this.line = line;
        this.setCount = setCount;
        this.entries = entries;
    }

    /**
     * @param order the fetch order
     * @param space words in the address space
     * @param setWords words per set
     * @return the index
     */
    static AddressSets of(PrefetchReadBuffer.FetchOrder order, int space, int setWords) {
        int[] count = new int[space + 1];
        long[] valid = {0};
        long entries = order.walk(w -> {
            if (w != OperandAddresses.NONE) {
                count[w + 1]++;
                valid[0]++;
            }
        });
        if (valid[0] > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("fetch order of " + valid[0] + " words is too long for the bandwidth model");
        }
        for (int i = 0; i < space; i++) {
            count[i + 1] += count[i];
        }
        int[] next = count.clone();
        int[] lines = new int[(int) valid[0]];
        long[] k = {0};
        order.walk(w -> {
            if (w != OperandAddresses.NONE) {
                lines[next[w]++] = (int) (k[0]++ / setWords);
            }
        });
        // a set is closed when full and a new (possibly empty) one opened, so there is always one more
        return new AddressSets(count, lines, (int) (valid[0] / setWords) + 1, entries);
    }

    /** @return lines, the last possibly partial or empty */
    int setCount() {
        return setCount;
    }

    /** @return entries of the fetch order, idle ones included */
    long entries() {
        return entries;
    }

    /**
     * @param word  a word
     * @param from  first line of the window
     * @param until line after the window's last; a window with until ≤ from wraps past the last line
     * @return whether one of the word's lines lies in the window
     */
    boolean within(int word, int from, int until) {
        int lo = start[word], hi = start[word + 1];
        if (from < until) {
            return any(lo, hi, from, until);
        }
        return any(lo, hi, from, setCount) || any(lo, hi, 0, until);
    }

    private boolean any(int lo, int hi, int from, int until) {
        // first of the word's lines at or after from
        int a = lo, b = hi;
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (line[mid] < from) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a < hi && line[a] < until;
    }
}
