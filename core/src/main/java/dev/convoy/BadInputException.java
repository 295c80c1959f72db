package dev.convoy;

/**
 * A problem with what the user gave Convoy — a model, a data file, an option — described in one line that
 * names the file, node or field at fault. Commands report it without a stack trace and exit with code 2.
 * The message passes through {@link Printable#line}: names copied from a file into it cannot break the line
 * or reach the terminal as control codes, whichever code built it.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the file, node or field and what is wrong with it */
    public BadInputException(String message) {
        super(Printable.line(message));
    }

    /**
     * @param message one line naming the file, node or field and what is wrong with it
     * @param cause   the underlying failure, shown only with {@code --verbose}
     */
    public BadInputException(String message, Throwable cause) {
        super(Printable.line(message), cause);
    }
}
