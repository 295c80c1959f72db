package dev.convoy.cli;

import dev.convoy.BadInputException;
import picocli.CommandLine.Option;

/** The --threads option: worker threads of the CPU engines (fast and reference) and of calibration. */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads on the CPU (default: the available processors, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** @return the thread count, checked */
    int value() {
        if (threads < 1 || threads > 4096) {
            throw new BadInputException("--threads must be between 1 and 4096, got " + threads);
        }
        return threads;
    }
}
