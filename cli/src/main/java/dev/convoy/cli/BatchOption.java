package dev.convoy.cli;

import dev.convoy.BadInputException;
import picocli.CommandLine.Option;

/** The --batch option: images per backend call. */
public final class BatchOption {
    @Option(names = "--batch", paramLabel = "B", description = "Images per inference call (default: ${DEFAULT-VALUE}).")
    int batch = 100;

    /** @return the batch size, checked */
    int value() {
        if (batch < 1 || batch > 1_000_000) {
            throw new BadInputException("--batch must be between 1 and 1000000, got " + batch);
        }
        return batch;
    }
}
