package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import dev.convoy.data.PreprocessingSettings;
import dev.convoy.data.FashionMnist;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy quantize}: post-training quantization to an ONNX file other tools run. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Calibrate on Fashion-MNIST training images and save the quantized model as ONNX (QLinearConv for"
                + " 8-bit, QDQ for 16-bit); convoy eval/infer/validate re-import it exactly.")
final class QuantizeCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelFileOptions modelFile = new ModelFileOptions();

    @Parameters(paramLabel = "MODEL", description = "An fp32 ONNX model file.")
    Path model;

    @Option(names = {"--precision", "--scheme"}, paramLabel = "P", description = "int8, int16 or fixed:W (W in 4..16; default: ${DEFAULT-VALUE};"
            + " --scheme is the older name).")
    String scheme = "int8";

    @Mixin
    QuantOptionsMixin quant;

    /** --data names the IDX directory fashion-mnist calibration reads; the preprocessing options apply to --calib images. */
    @Mixin
    DataOptions data;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.onnx", required = true, description = "Where to write the quantized model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading(model).writing("--out", out);
        QuantOptions o = quant.options(SchemeOption.parse(scheme, "quantize", spec.commandLine().getParseResult().originalArgs()));
        Model m = modelFile.load(model);
        m.requireFloat("quantize");
        QuantizedModel q = Engines.quantize(m, EngineRequest.on(Device.cpu()).withPrecision(Precision.of(o.scheme()))
                .withQuantization(o, data.calibration(m, quant))
                .withProgress(new ProgressBar(spec.commandLine().getErr(), "calibrate")).withThreads(threads.value()));
        try {
            // the preprocessing calibration used travels with the model, so eval and validate need not repeat it
            PreprocessingSettings given = data.settings(m);
            QuantizedOnnxWriter.write(q, out, false, given.isEmpty() ? java.util.Map.of()
                    : java.util.Map.of(PreprocessingSettings.METADATA_KEY, PreprocessingSettings.of(data.preprocessing(m)).toYaml()));
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot write (" + e.getMessage() + ")", e);
        }
        java.util.Map<String, String> islands = q.islands();
        spec.commandLine().getOut().printf("wrote %s: %d integer layers, %s%n", out, q.layers().size() - islands.size(), o.describe());
        if (!islands.isEmpty()) {
            spec.commandLine().getOut().printf("fp32 islands (%d): %s%n", islands.size(), islands.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining("; ")));
        }
        return ExitCode.OK;
    }
}
