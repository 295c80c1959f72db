package dev.convoy.fuzz;

import dev.convoy.BadInputException;

/**
 * The one contract every fuzz target checks: reading arbitrary input either succeeds or ends in a
 * {@link BadInputException} whose message is one printable line, within {@value #SECONDS} seconds. Any
 * other exception, a slower input or an OutOfMemoryError is a finding.
 */
final class Expect {
    private Expect() {
    }

    /** Longest one input may take, seconds. */
    static final int SECONDS = 5;

    /** @param work reads fuzzed input */
    static void goodOrBadInput(Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } catch (BadInputException e) {
            String m = e.getMessage();
            if (m == null || m.isEmpty() || m.length() > 4000 || m.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x1b)) {
                throw new AssertionError("not a one-line message: " + m, e);
            }
        } finally {
            double s = (System.nanoTime() - t0) / 1e9;
            if (s > SECONDS) {
                throw new AssertionError("one input took " + s + " s");
            }
        }
    }
}
