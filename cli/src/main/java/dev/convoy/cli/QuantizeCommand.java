package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.Scheme;
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
    @Parameters(paramLabel = "MODEL", description = "An fp32 ONNX model file.")
    Path model;

    @Option(names = "--scheme", paramLabel = "S", description = "int8, int16 or fixed:W (W in 4..16; default: ${DEFAULT-VALUE}).")
    String scheme = "int8";

    @Mixin
    QuantOptionsMixin quant;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = dev.convoy.data.FashionMnist.DEFAULT_DIR;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.onnx", required = true, description = "Where to write the quantized model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        QuantOptions o = quant.options(Scheme.parse(scheme));
        LoadedModel m = LoadedModel.load(model);
        QuantizedModel q = Quantizer.quantize(m.requireFloat("quantize"), QuantOptionsMixin.calibrationImages(dataDir, o), o,
                new ProgressBar(spec.commandLine().getErr(), "calibrate"));
        try {
            QuantizedOnnxWriter.write(q, out, false);
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot write (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getOut().printf("wrote %s: %d integer layers, %s%n", out, q.layers().size(), o.describe());
        return ExitCode.OK;
    }
}
