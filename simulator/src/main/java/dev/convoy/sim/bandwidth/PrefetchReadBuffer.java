package dev.convoy.sim.bandwidth;

/**
 * A double-buffered read SRAM (ifmap or filter) fed by DRAM at a fixed number of words per cycle, as SCALE-Sim
 * v2's {@code memory/read_buffer.py} models it in its user-bandwidth mode.
 * <p>
 * The buffer holds its operand's fetch order ({@link SystolicDemand#ifmapPrefetch}) cut into sets of ⌈size/100⌉
 * words. An active window of ⌈active/set⌉ sets serves the array; the prefetch window behind it holds the next
 * ⌈prefetch/set⌉ sets. The first active window is loaded before cycle 0. A request for a word outside the active
 * window rotates both windows forward by one prefetch window and issues the next prefetch: ⌈prefetch/bw⌉ DRAM
 * lines of {@code bw} words, one per cycle after the previous prefetch ends, plus the port's latency; the array
 * waits until that prefetch lands.
 * <p>
 * Kept as SCALE-Sim has it, because its stall counts are the reference: a wait is counted twice (its
 * {@code offset += potential_stall_cycles} runs again inside {@code if potential_stall_cycles > 0}), a prefetch
 * that landed early pulls the request's completion back to the prefetch's end, and a prefetch always moves whole
 * DRAM lines. The model rotates windows rather than fetching the missing set: one miss may cost several rotations.
 */
final class PrefetchReadBuffer {
    /** Cycles from a request to a hit's data (SCALE-Sim's hit_latency). */
    static final int HIT_LATENCY = 1;
    /** Cycles the DRAM port adds to each line (SCALE-Sim's read_port latency). */
    static final int PORT_LATENCY = 1;

    /** Sets the SRAM is divided into (SCALE-Sim's hashed buffer: a set holds ⌈words/100⌉ words of the fetch order). */
    static final int SETS = 100;

    private final int bw;
    private final long activeWords;
    private final long prefetchWords;
    private final AddressSets sets;
    private final long fetchLines;
    private final int activeSets;
    private final int prefetchSets;

    private boolean loaded;
    private long lastPrefetchCycle;
    private int activeStart;
    private int activeEnd;
    private long dramWords;

    /**
     * @param totalWords  the SRAM's size, words (both halves)
     * @param activeFrac  share of it that serves the array, in [0.5, 1) (SCALE-Sim fixes 0.5)
     * @param bw          DRAM interface bandwidth, words per cycle (the width of a DRAM line)
     * @param order       the operand's fetch order
     * @param space       words in the operand's address space
     */
    PrefetchReadBuffer(long totalWords, double activeFrac, int bw, FetchOrder order, int space) {
        this.bw = bw;
        this.activeWords = (long) Math.ceil(totalWords * activeFrac);
        this.prefetchWords = totalWords - activeWords;
        int set = (int) SystolicDemand.ceilDiv(totalWords, SETS);
        this.sets = AddressSets.of(order, space, set);
        this.fetchLines = SystolicDemand.ceilDiv(sets.entries(), bw);
        int setCount = sets.setCount();
        this.activeSets = (int) Math.min(SystolicDemand.ceilDiv(activeWords, set), setCount);
        this.prefetchSets = (int) Math.min(SystolicDemand.ceilDiv(prefetchWords, set), setCount - activeSets);
    }

    /** A fetch order that can be walked more than once. */
    @FunctionalInterface
    interface FetchOrder {
        /**
         * @param sink receives the order
         * @return entries walked, idle ones included
         */
        long walk(SystolicDemand.WordSink sink);
    }

    /**
     * Serves one cycle's requests.
     *
     * @param request words (or {@link OperandAddresses#NONE})
     * @param width   entries of request to read
     * @param cycle   the cycle they are issued
     * @return the cycle the last of them is served ({@code cycle + HIT_LATENCY} when nothing waits)
     */
    long serve(int[] request, int width, long cycle) {
        if (!loaded) {
            loadActive(cycle);
        }
        long offset = HIT_LATENCY;
        for (int i = 0; i < width; i++) {
            int word = request[i];
            if (word == OperandAddresses.NONE) {
                continue;
            }
            int rotations = 0;
            while (!sets.within(word, activeStart, activeEnd)) {
                if (++rotations > sets.setCount() + 1) {
                    throw new IllegalStateException("word " + word + " never enters the active window (" + activeSets + " active, "
                            + prefetchSets + " prefetch sets of " + sets.setCount() + ")");
                }
                prefetchNext();
                long wait = lastPrefetchCycle - (cycle + offset);
                offset += wait;
                if (wait > 0) {
                    offset += wait;
                }
            }
        }
        return cycle + offset;
    }

    private void loadActive(long startCycle) {
        long n = Math.min(SystolicDemand.ceilDiv(activeWords, bw), fetchLines);
        dramWords += n * bw;
        // requests timed to land one line per cycle, the last the cycle before the first demand
        lastPrefetchCycle = startCycle - 1;
        activeStart = 0;
        activeEnd = activeSets;
        loaded = true;
    }

    private void prefetchNext() {
        int count = sets.setCount();
        activeStart = (activeStart + prefetchSets) % count;
        activeEnd = (activeStart + activeSets) % count;
        long n = SystolicDemand.ceilDiv(prefetchWords, bw);
        dramWords += n * bw;
        lastPrefetchCycle += n + PORT_LATENCY;
    }

    /** @return words fetched from DRAM, whole lines */
    long dramWords() {
        return dramWords;
    }
}
