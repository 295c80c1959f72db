package dev.convoy.cli;

import dev.convoy.BadInputException;
import picocli.CommandLine.Option;

/** --batch for the simulator's commands: images per simulated run. */
public final class SimBatchOption {
    @Option(names = "--batch", paramLabel = "B", description = "Images per run (default: ${DEFAULT-VALUE}): a tiled array runs each"
            + " convolution once per image and every fully-connected layer on the batch's rows at once (weights loaded once per"
            + " batch); a systolic array joins the batch's pixels (or rows) in one matrix product (SCALE-Sim's GEMM mode, M = rows ·"
            + " batch). Cycles and bytes are for the whole batch; ms per image is printed too.")
    int batch = 1;

    /** @return the batch, checked */
    int value() {
        if (batch < 1 || batch > 65_536) {
            throw new BadInputException("--batch must be between 1 and 65536, got " + batch);
        }
        return batch;
    }
}
