package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.quant.QuantOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --precision, --device and the options they use, shared by the commands that run a model. */
public final class PrecisionOptions {
    @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W (quantizes on the fly; default: the file's own).")
    String precision;

    @Mixin
    QuantOptionsMixin quant;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--device", paramLabel = "D", description = "cpu (the fast CPU engine: vector GEMM; integers identical to the"
            + " integer reference); reference (the plain-loop references); sim or sim:HW (integer precisions through the accelerator simulator's"
            + " tiles, HW as for --hw); aparapi (fp32 conv/FC/pool as Aparapi kernels; says per layer whether OpenCL or Java threads ran"
            + " them); opencl[:N|:NAME], opencl:N,M,... or opencl:all (several devices share each batch) for OpenCL device N (see convoy devices) or the first whose name contains NAME: fp32 and integer"
            + " networks run there whole. Without an OpenCL platform, falls back to the CPU and says so (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--binary", paramLabel = "FILE", description = "A precompiled integer kernel set for the OpenCL device (FPGA .aocx/.xclbin,"
            + " or one written by convoy fpga-kernels --binary); integer layers then run on its single work-item kernels.")
    Path binary;

    @Option(names = "--hw", paramLabel = "HW", description = "Accelerator for --device sim: a preset, YAML file or systolic spec, as for convoy"
            + " simulate (default: ${DEFAULT-VALUE}).")
    String hw = Device.DEFAULT_ACCELERATOR;

    @Option(names = "--no-overlap", description = "On OpenCL, run batches one at a time (upload, compute, read back) instead of"
            + " uploading the next batch and reading back the last while the device computes; for comparison.")
    boolean noOverlap;

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "Kernel tuning database written by convoy tune (default: ${DEFAULT-VALUE}).")
    Path tuning = defaultTuning();

    /** @return ~/.convoy/tuning.json */
    static Path defaultTuning() {
        return Path.of(System.getProperty("user.home"), ".convoy", "tuning.json");
    }

    /**
     * @param text --device's value
     * @param hw   --hw's value, for a plain {@code sim}
     * @return the device
     */
    static Device device(String text, String hw) {
        Device d = Flags.parse("--device", text, Device::parse);
        if (d.kind() == Device.Kind.SIM) {
            d = d.selector() == null ? Device.sim(hw) : d;
            Flags.hardware(d.accelerator()); // checked here, so a bad one is named with its flag
        }
        return d;
    }

    /** @return --precision, or null for the file's own */
    Precision precision() {
        return precision == null ? null : Flags.parse("--precision", precision, Precision::parse);
    }

    /**
     * Refuses, in the options' own words, a combination no engine runs (the library would refuse it too, but
     * without naming the flags).
     *
     * @param model the model the options are for
     */
    void check(Model model) {
        Precision p = precision();
        check(device(device, hw), !model.isQuantized() && (p == null || p.isFloat()), binary);
    }

    /**
     * The same refusals for commands with their own --device and --binary (validate).
     *
     * @param d      the device
     * @param fp32   whether the model would run in fp32
     * @param binary --binary, or null
     */
    static void check(Device d, boolean fp32, Path binary) {
        if (binary != null && d.kind() != Device.Kind.OPENCL) {
            throw new BadInputException("--binary " + binary + " needs --device opencl[:N|:NAME] (the device it was built for)");
        }
        if (fp32 && d.kind() == Device.Kind.SIM) {
            throw new BadInputException("--device sim runs integer precisions; add --precision int8, int16 or fixed:W");
        }
        if (!fp32 && d.kind() == Device.Kind.APARAPI) {
            throw new BadInputException("--device aparapi runs fp32 networks; integer precisions run on cpu, sim or opencl");
        }
    }

    /**
     * @param data  where calibration images come from
     * @param model the model to be run
     * @param batch the batch size kernels are tuned for
     * @param err   where notes (fallbacks) and calibration progress go
     * @return the engine request these options describe
     */
    EngineRequest request(DataOptions data, dev.convoy.engine.Model model, int batch, PrintWriter err) {
        Precision p = precision();
        QuantOptions q = p == null || p.isFloat() ? null : quant.options(p.scheme());
        return EngineRequest.on(device(device, hw))
                .withPrecision(p)
                .withQuantization(q, data.calibration(model, quant))
                .withBinary(binary)
                .withTuning(tuning)
                .withBatch(batch)
                .withOverlap(!noOverlap)
                .withNotes(Notes.to(err))
                .withProgress(new ProgressBar(err, "calibrate"))
                .withThreads(threads.value());
    }
}
