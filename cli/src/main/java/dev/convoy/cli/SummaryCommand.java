package dev.convoy.cli;

import dev.convoy.engine.Model;
import dev.convoy.engine.Provenance;
import dev.convoy.quant.QuantizedSummary;
import dev.convoy.report.ModelSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy summary}: per-layer shapes, parameters, MACs, receptive fields and the parameter-sharing comparison. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Describe a model layer by layer: output shape, parameters, MACs, receptive field, and for each "
                + "convolution the parameters an unshared (locally-connected) and a fully-connected layer would need.")
final class SummaryCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model file.")
    Path model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path json;

    @Option(names = "--optimized", description = "Describe the graph after the passes (BatchNorm folded, activations fused).")
    boolean optimized;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model).writing("--json", json);
        Model m = modelFile.load(model);
        ModelSummary s = m.isQuantized() ? QuantizedSummary.of(m.quantized()) : ModelSummary.of(optimized ? m.optimized() : m.imported());
        spec.commandLine().getOut().print(s.toText());
        if (json != null) {
            JsonReport.write(json, s, Provenance.of(m, null, null, null));
        }
        return ExitCode.OK;
    }
}
