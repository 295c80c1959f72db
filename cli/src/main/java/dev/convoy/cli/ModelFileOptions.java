package dev.convoy.cli;

import dev.convoy.engine.Model;
import dev.convoy.onnx.ImportPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reads its model file: what the importer tolerates beyond a well-formed model. */
final class ModelFileOptions {
    @Option(names = "--allow-nonfinite", description = "Import float weights that are NaN or ±Inf (refused by default:"
            + " they make outputs NaN, which eval, infer and validate then refuse).")
    boolean allowNonFinite;

    /**
     * @param file the model file
     * @return the model, read once
     */
    Model load(Path file) {
        return Model.load(file, new ImportPolicy(allowNonFinite));
    }
}
