package dev.convoy.sim.bandwidth;

/**
 * The double-buffered ofmap SRAM, drained to DRAM at a fixed number of words per cycle, as SCALE-Sim v2's
 * {@code memory/write_buffer.py} models it: outputs are packed into lines of {@code bw} words; once more than the
 * active half holds data and no drain is running, the lines so far (the open one closed early) drain, up to
 * ⌈drain half / bw⌉ lines, one per cycle. Issuing a drain costs the array nothing; a write while a drain runs
 * holds the array until the drain ends only when the buffer is full.
 * <p>
 * Kept as SCALE-Sim has it: a line closed early counts as full when it is not the last one drained, so the free
 * space it reports can exceed the buffer.
 */
final class DrainWriteBuffer {
    private final int bw;
    private final long totalWords;
    private final long drainWords;
    private int[] closedLines = new int[1024];
    private int closed;

    private long free;
    private int open;
    private int drained;
    private long drainEndCycle;
    private long dramWords;

    /**
     * @param totalWords the SRAM's size, words
     * @param activeFrac share that collects outputs, in [0.5, 1)
     * @param bw         DRAM interface bandwidth, words per cycle
     */
    DrainWriteBuffer(long totalWords, double activeFrac, int bw) {
        this.bw = bw;
        this.totalWords = totalWords;
        this.drainWords = totalWords - (long) Math.ceil(totalWords * activeFrac);
        this.free = totalWords;
    }

    /**
     * @param request words written (or {@link OperandAddresses#NONE})
     * @param width   entries of request to read
     * @param cycle   the cycle they are written
     * @return the cycle the array may go on
     */
    long serve(int[] request, int width, long cycle) {
        long current = cycle;
        for (int i = 0; i < width; i++) {
            if (request[i] == OperandAddresses.NONE) {
                continue;
            }
            store();
            if (current < drainEndCycle) {
                if (free <= 0) {
                    current = drainEndCycle;
                }
            } else if (free < totalWords - drainWords) {
                closeOpenLine();
                drainEndCycle = drain(current);
            }
        }
        return current;
    }

    /**
     * Drains what is left after the last write (SCALE-Sim's empty_all_buffers); counts DRAM words, changes no cycle
     * the array sees.
     *
     * @param cycle the last write's cycle
     */
    void flush(long cycle) {
        closeOpenLine();
        while (drained < closed) {
            drainEndCycle = drain(cycle);
            cycle = drainEndCycle + 1;
        }
    }

    private void store() {
        open++;
        free--;
        if (open == bw) {
            close(bw);
        }
    }

    private void closeOpenLine() {
        if (open != 0) {
            close(open);
        }
    }

    private void close(int words) {
        if (closed == closedLines.length) {
            closedLines = java.util.Arrays.copyOf(closedLines, closed * 2);
        }
        closedLines[closed++] = words;
        open = 0;
    }

    private long drain(long startCycle) {
        int end = (int) Math.min(drained + SystolicDemand.ceilDiv(drainWords, bw), closed);
        int n = end - drained;
        if (n == 0) {
            return startCycle - 1;
        }
        long words = (long) n * bw - (bw - closedLines[end - 1]);
        dramWords += words;
        free += words;
        drained = end;
        return startCycle + n - 1;
    }

    /** @return words written to DRAM */
    long dramWords() {
        return dramWords;
    }
}
