package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageSource;
import dev.convoy.engine.Engine;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.NonFiniteTrace;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.NonFiniteException;
import dev.convoy.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy infer}: raw model outputs as a NumPy file, for comparison with other tools. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run a model on Fashion-MNIST test images and save its raw outputs as .npy (float32, [N, classes]).")
final class InferCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An ONNX model file (fp32, or quantized by convoy quantize).")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    BatchOption batch;

    @Mixin
    PrecisionOptions precision;

    @Option(names = "--out", paramLabel = "FILE.npy", required = true, description = "Where to write the outputs.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model, precision.binary, precision.hw, precision.tuning).writing("--out", out);
        int b = batch.value();
        Model m = modelFile.load(model);
        precision.check(m);
        BatchedRun.Outputs o;
        try (ImageSource images = data.inputs(m); Engine engine = Engines.open(m, precision.request(data, m, b, spec.commandLine().getErr()))) {
            try {
                o = BatchedRun.stream(engine.images(images.name()), images, b, new ProgressBar(spec.commandLine().getErr(), "infer"));
            } catch (NonFiniteException e) {
                throw NonFiniteTrace.locate(m, images, e);
            }
        }
        try {
            Npy.write(out, o.outputs());
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot write (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getOut().printf("wrote %s: %s float32%n", out, o.outputs().shape());
        return ExitCode.OK;
    }
}
