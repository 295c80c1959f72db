package dev.convoy.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --precision and the quantization options it uses, shared by the commands that run a model. */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W (quantizes on the fly; default: the file's own).")
    String precision;

    @Mixin
    QuantOptionsMixin quant;
}
