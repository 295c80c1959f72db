package dev.convoy.cli;

/** The exit codes every command uses. */
public final class ExitCode {
    /** the command did its job */
    public static final int OK = 0;
    /** the command ran but a check it makes failed (e.g. accuracy below a gate) */
    public static final int CHECK_FAILED = 1;
    /** bad input: a missing or malformed file, an unsupported model, a bad option */
    public static final int BAD_INPUT = 2;
    /** a bug in Convoy; rerun with --verbose for the stack trace */
    public static final int INTERNAL_ERROR = 3;

    private ExitCode() {
    }
}
