package dev.convoy.fuzz;

import dev.convoy.BadInputException;

/**
 * The one contract every fuzz target checks: reading arbitrary input either succeeds or ends in a
 * {@link BadInputException} whose message is one printable line. Any other exception, a hang or an
 * OutOfMemoryError is a finding.
 */
final class Expect {
    private Expect() {
    }

    /** @param work reads fuzzed input */
    static void goodOrBadInput(Runnable work) {
        try {
            work.run();
        } catch (BadInputException e) {
            String m = e.getMessage();
            if (m == null || m.isEmpty() || m.length() > 4000 || m.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x1b)) {
                throw new AssertionError("not a one-line message: " + m, e);
            }
        }
    }
}
