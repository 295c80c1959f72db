package dev.convoy.cli;

import dev.convoy.BadInputException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --precision, --device and the options they use, shared by the commands that run a model. */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W (quantizes on the fly; default: the file's own).")
    String precision;

    @Mixin
    QuantOptionsMixin quant;

    @Option(names = "--device", paramLabel = "D", description = "cpu, or opencl[:N|:NAME] for OpenCL device N (see convoy devices)"
            + " or the first whose name contains NAME (default: ${DEFAULT-VALUE}). fp32 runs the whole network there; integer precisions"
            + " run their convolutions there. Without an OpenCL platform, falls back to the CPU and says so.")
    String device = "cpu";

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "Kernel tuning database written by convoy tune (default: ${DEFAULT-VALUE}).")
    Path tuning = defaultTuning();

    /** @return ~/.convoy/tuning.json */
    static Path defaultTuning() {
        return Path.of(System.getProperty("user.home"), ".convoy", "tuning.json");
    }

    /** @return the OpenCL device (number or name part), or null for the CPU */
    String openClDevice() {
        return parseDevice(device);
    }

    /**
     * @param device cpu, opencl, opencl:N or opencl:NAME
     * @return the OpenCL device part ("0" for plain opencl), or null for the CPU
     */
    static String parseDevice(String device) {
        String d = device.trim();
        String lower = d.toLowerCase(Locale.ROOT);
        if (lower.equals("cpu")) {
            return null;
        }
        if (lower.equals("opencl")) {
            return "0";
        }
        if (lower.startsWith("opencl:") && d.length() > 7) {
            return d.substring(7);
        }
        throw new BadInputException("--device " + device + " is not one of cpu, opencl, opencl:N, opencl:NAME");
    }
}
