package dev.convoy.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** One-line notes from the library (fallbacks, tile step-downs), printed as {@code convoy: …} on stderr. */
final class Notes {
    private Notes() {
    }

    static Consumer<String> to(PrintWriter err) {
        return note -> {
            err.println("convoy: " + note);
            err.flush();
        };
    }
}
