package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.io.OutputPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks, before a command does any work, that none of its outputs would overwrite one of its inputs or another output. */
final class Outputs {
    private final List<Path> inputs = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();

    /**
     * @param files the run's inputs: paths, or option values that may name a file (a {@code --hw} preset is
     *              not one); nulls skipped
     * @return the check
     */
    static Outputs reading(Object... files) {
        Outputs o = new Outputs();
        for (Object f : files) {
            if (f instanceof Path p) {
                o.inputs.add(p);
            } else if (f instanceof String s && !s.isBlank() && Files.isRegularFile(Path.of(s))) {
                o.inputs.add(Path.of(s));
            }
        }
        return o;
    }

    /**
     * @param flag   the option naming the output, e.g. {@code --json}
     * @param output its value, or null when not given
     * @return this check, with the output added
     * @throws BadInputException when the output is an input, or the same file as an earlier output
     */
    Outputs writing(String flag, Path output) {
        if (output == null) {
            return this;
        }
        OutputPaths.checkNotAnInput(output, flag + " " + output, inputs.toArray(Path[]::new));
        for (int i = 0; i < outputs.size(); i++) {
            if (OutputPaths.sameFile(output, outputs.get(i))) {
                throw new BadInputException(flag + " " + output + ": is also " + names.get(i) + "; give each output its own file");
            }
        }
        names.add(flag);
        outputs.add(output);
        return this;
    }
}
