package dev.convoy.cli;

import dev.convoy.io.AtomicFile;
import dev.convoy.BadInputException;
import dev.convoy.engine.Device;
import dev.convoy.opencl.fpga.FpgaProgram;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy fpga-kernels}: the integer kernel set an FPGA board build compiles, as source or as a device binary. */
@Command(name = "fpga-kernels", mixinStandardHelpOptions = true,
        description = "Write the integer kernel set (single work-item conv and max pooling, add, table, gather; every layer dimension a"
                + " runtime argument) for one format: --source for an offline FPGA build (aoc, v++), or --binary built for an OpenCL"
                + " device. eval, infer and validate run it with --binary FILE.")
final class FpgaKernelsCommand implements Callable<Integer> {
    @Option(names = {"--precision", "--scheme"}, paramLabel = "P", description = "int8, int16 or fixed:W, W <= 16 (default: ${DEFAULT-VALUE};"
            + " --scheme is the older name).")
    String scheme = "int8";

    @Option(names = "--requant", paramLabel = "MODE", description = "onnx, tflite or shift (default: onnx; shift for fixed:W).")
    String requant;

    @Option(names = "--vec", paramLabel = "N", description = "Taps per unrolled conv step (PipeCNN's VEC_SIZE; default: ${DEFAULT-VALUE}).")
    int vec = 4;

    @Option(names = "--source", paramLabel = "FILE.cl", description = "Write the kernel set as one OpenCL C file with the format's #defines.")
    Path source;

    @Option(names = "--binary", paramLabel = "FILE", description = "Build the set for --device and write the device binary.")
    Path binary;

    @Option(names = "--device", paramLabel = "D", description = "opencl[:N|:NAME] for --binary (default: ${DEFAULT-VALUE}).")
    String device = "opencl";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.reading().writing("--source", source).writing("--binary", binary);
        if (source == null && binary == null) {
            throw new BadInputException("give --source FILE.cl, --binary FILE or both");
        }
        if (vec < 1 || vec > 64) {
            throw new BadInputException("--vec must be 1..64, got " + vec);
        }
        Scheme s = SchemeOption.parse(scheme, "fpga-kernels", spec.commandLine().getParseResult().originalArgs());
        int bytes = s.qmax() <= 127 ? 1 : s.qmax() <= 32767 ? 2 : 0;
        if (bytes == 0) {
            throw new BadInputException("--precision " + scheme + ": the kernel set stores 8- or 16-bit integers");
        }
        RequantMode mode = requant != null ? Flags.parse("--requant", requant, RequantMode::parse) : s.kind() == Scheme.Kind.FIXED ? RequantMode.SHIFT : RequantMode.ONNX;
        String options = FpgaProgram.options(bytes, mode, vec);
        if (source != null) {
            write(source, FpgaProgram.source(options).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().println("wrote " + source + " (" + options + ")");
        }
        if (binary != null) {
            Device d = PrecisionOptions.device(device, Device.DEFAULT_ACCELERATOR);
            if (d.kind() != Device.Kind.OPENCL) {
                throw new BadInputException("--device " + device + ": --binary builds for an OpenCL device");
            }
            try (OpenClContext cl = OpenClContext.open(d.selector())) {
                byte[] bin = FpgaProgram.binary(cl, options);
                write(binary, bin);
                spec.commandLine().getOut().println("wrote " + binary + " for " + cl.device().name() + " (" + bin.length + " bytes, " + options + ")");
            }
        }
        return ExitCode.OK;
    }

    private static void write(Path file, byte[] data) {
        try {
            AtomicFile.write(file, data);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
