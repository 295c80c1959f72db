package dev.convoy.io;

import dev.convoy.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Refuses, before any work, an output path that is one of the run's inputs (directly, via {@code ./} or a symlink). */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * @param output where a command will write
     * @param what   how the message names the output, e.g. {@code --json report.json}
     * @param inputs the files the same run reads (nulls skipped)
     * @throws BadInputException naming both when the output resolves to an input
     */
    public static void checkNotAnInput(Path output, String what, Path... inputs) {
        if (output == null) {
            return;
        }
        Path out = resolve(output);
        for (Path in : inputs) {
            if (in != null && Files.exists(in) && resolve(in).equals(out)) {
                throw new BadInputException(what + ": is the input " + in + " of this run; refusing to overwrite it");
            }
        }
    }

    /**
     * @param a a path, existing or not
     * @param b another
     * @return whether both name the same file once {@code .}, {@code ..} and symlinks are resolved
     */
    public static boolean sameFile(Path a, Path b) {
        return resolve(a).equals(resolve(b));
    }

    /** The real path of a file, or of its directory plus its name when the file does not exist yet. */
    private static Path resolve(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            Path dir = abs.getParent();
            return dir != null && Files.exists(dir) ? dir.toRealPath().resolve(abs.getFileName()) : abs;
        } catch (IOException e) {
            return abs;
        }
    }
}
