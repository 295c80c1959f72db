package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options choosing the evaluation images: the Fashion-MNIST test split, optionally only its first N. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST directory with the *-idx?-ubyte.gz files (default: ${DEFAULT-VALUE}).")
    Path dir = FashionMnist.DEFAULT_DIR;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N test images (default: all 10,000).")
    Integer limit;

    /** @return the test images, cut to --limit */
    LabelledImages testImages() {
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit);
        }
        LabelledImages all = FashionMnist.load(dir, FashionMnist.Split.TEST);
        return limit == null ? all : all.first(limit);
    }

    /** @return the training images (calibration reads the first N of them) */
    LabelledImages trainImages() {
        return FashionMnist.load(dir, FashionMnist.Split.TRAIN);
    }
}
