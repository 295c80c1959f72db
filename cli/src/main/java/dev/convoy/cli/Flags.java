package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigException;
import dev.convoy.hw.HardwareConfigs;
import java.util.function.Function;

/**
 * Parses an option's value with a library parser. Library messages name the value ("int9 is not one of …");
 * the command line adds the flag that carried it ("--precision int9 is not one of …").
 */
final class Flags {
    private Flags() {
    }

    /**
     * @param flag   the option, e.g. {@code --precision}
     * @param value  its text
     * @param parser the library's parser
     * @return the parsed value
     * @throws BadInputException the parser's message, prefixed with the flag
     */
    static <T> T parse(String flag, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (BadInputException e) {
            throw new BadInputException(flag + " " + e.getMessage(), e);
        }
    }

    /**
     * @param hw a preset, a YAML file or a systolic spec
     * @return the hardware description
     * @throws HardwareConfigException its message prefixed with {@code --hw}
     */
    static HardwareConfig hardware(String hw) {
        try {
            return HardwareConfigs.load(hw);
        } catch (HardwareConfigException e) {
            throw new HardwareConfigException("--hw " + e.getMessage(), e);
        }
    }
}
