package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.engine.Precision;
import dev.convoy.quant.Scheme;

/** --precision on the commands that quantize (--scheme is its older name): an integer format, never fp32. */
final class SchemeOption {
    private SchemeOption() {
    }

    /**
     * @param text the option's value
     * @param what the command, for the message
     * @param args the command's arguments, to name the option as the user wrote it
     * @return the integer format
     */
    static Scheme parse(String text, String what, java.util.List<String> args) {
        String flag = args.stream().anyMatch(a -> a.equals("--scheme") || a.startsWith("--scheme=")) ? "--scheme" : "--precision";
        Precision p = Flags.parse(flag, text, Precision::parse);
        if (p.isFloat()) {
            throw new BadInputException(flag + " fp32: " + what + " needs an integer format (int8, int16 or fixed:W)");
        }
        return p.scheme();
    }
}
