package dev.convoy.hw;

import dev.convoy.BadInputException;

/** A hardware description that cannot be used, explained in one line naming the file and the field. */
public class HardwareConfigException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: file, field, what is wrong */
    public HardwareConfigException(String message) {
        super(message);
    }

    /**
     * @param message one line: file, field, what is wrong
     * @param cause   the parser's own error
     */
    public HardwareConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
