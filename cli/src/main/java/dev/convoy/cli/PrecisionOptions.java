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

    @Option(names = "--device", paramLabel = "D", description = "cpu; sim (integer precisions through the accelerator simulator's tiles,"
            + " --hw); aparapi (fp32 conv/FC/pool as Aparapi kernels; says per layer whether OpenCL or Java threads ran them); opencl[:N|:NAME]"
            + " for OpenCL device N (see convoy devices) or the first whose name contains NAME: fp32 and integer networks run there whole."
            + " Without an OpenCL platform, falls back to the CPU and says so (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--binary", paramLabel = "FILE", description = "A precompiled integer kernel set for the OpenCL device (FPGA .aocx/.xclbin,"
            + " or one written by convoy fpga-kernels --binary); integer layers then run on its single work-item kernels.")
    Path binary;

    @Option(names = "--hw", paramLabel = "HW", description = "Accelerator for --device sim: a preset, YAML file or systolic spec, as for convoy"
            + " simulate (default: ${DEFAULT-VALUE}).")
    String hw = "zhang15-vc707";

    @Option(names = "--no-overlap", description = "On OpenCL, run batches one at a time (upload, compute, read back) instead of"
            + " uploading the next batch and reading back the last while the device computes; for comparison.")
    boolean noOverlap;

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "Kernel tuning database written by convoy tune (default: ${DEFAULT-VALUE}).")
    Path tuning = defaultTuning();

    /** @return ~/.convoy/tuning.json */
    static Path defaultTuning() {
        return Path.of(System.getProperty("user.home"), ".convoy", "tuning.json");
    }

    /** @return where the model runs */
    DeviceChoice choice() {
        DeviceChoice c = DeviceChoice.parse(device);
        c.checkBinary(binary);
        return c;
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
