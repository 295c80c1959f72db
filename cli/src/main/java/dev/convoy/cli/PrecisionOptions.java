package dev.convoy.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --precision and the quantization options it uses, shared by the commands that run a model. */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W (quantizes on the fly; default: the file's own).")
    String precision;

    @Mixin
    QuantOptionsMixin quant;

    @Option(names = "--device", paramLabel = "D", description = "cpu, or opencl[:N] to run convolutions on OpenCL device N"
            + " (see convoy devices; default: ${DEFAULT-VALUE}). Without an OpenCL platform, falls back to the CPU and says so.")
    String device = "cpu";

    /** @return the OpenCL device index, or −1 for the CPU */
    int openClDevice() {
        String d = device.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu")) {
            return -1;
        }
        if (d.equals("opencl")) {
            return 0;
        }
        if (d.startsWith("opencl:")) {
            try {
                return Integer.parseInt(d.substring(7));
            } catch (NumberFormatException e) {
                throw new dev.convoy.BadInputException("--device " + device + ": expected opencl:N with N a device number");
            }
        }
        throw new dev.convoy.BadInputException("--device " + device + " is not one of cpu, opencl, opencl:N");
    }
}
