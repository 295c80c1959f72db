package dev.convoy.opencl.fpga;

import dev.convoy.opencl.runtime.ClThread;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.BadInputException;
import dev.convoy.graph.Window;
import dev.convoy.opencl.integer.IntStorage;
import dev.convoy.opencl.integer.PrecompiledKernels;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.RequantMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * The FPGA kernel set: one program holding every integer kernel with all layer dimensions as runtime
 * arguments ({@code conv_swi.cl}'s single work-item conv and max pooling, {@code int_ops.cl}'s add, table
 * and gather), so a board binary built once offline serves every model of its format. Boards cannot
 * compile at run time, so the program comes from a precompiled binary ({@code --binary FILE.aocx|FILE.xclbin},
 * clCreateProgramWithBinary); {@link #source} writes the exact source such a build compiles, and
 * {@link #binary} builds it for any OpenCL device and returns the device binary (how CI exercises the
 * binary path on PoCL). The binary's {@code convoy_manifest} kernel reports what it was built for, and a
 * model of another format is refused by name.
 */
public final class FpgaProgram implements PrecompiledKernels, AutoCloseable {
    static final String[] SOURCES = {"geometry.cl", "requant.cl", "int_ops.cl", "conv_swi.cl"};
    /** the argument-list version of conv_swi.cl this host drives */
    static final int INTERFACE = 1;
    private final OpenClContext cl;
    private final cl_program program;
    private final String origin;
    private final Manifest manifest;
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    /**
     * What a binary was built for.
     *
     * @param version  the kernel interface version
     * @param bytes    storage bytes of every integer tensor (1: int8/fixed ≤ 8 bits, 2: int16)
     * @param requant  REQUANT_MODE: 0 onnx, 1 tflite, 2 shift
     * @param add      ADD_MODE (equals requant)
     * @param vec      taps per unrolled step of the conv loop
     */
    public record Manifest(int version, int bytes, int requant, int add, int vec) {
        /** @return e.g. "int8 storage, onnx requantization, VEC 4" */
        public String describe() {
            return (bytes * 8) + "-bit storage, " + RequantMode.ofKernelCode(requant) + " requantization, VEC " + vec;
        }
    }

    private FpgaProgram(OpenClContext cl, cl_program program, String origin) {
        this.cl = cl;
        this.program = program;
        this.origin = origin;
        this.manifest = readManifest();
        if (manifest.version() != INTERFACE) {
            throw new BadInputException(origin + ": built for kernel interface " + manifest.version() + ", this Convoy drives " + INTERFACE);
        }
    }

    /**
     * @param storageBytes 1 (char) or 2 (short) per integer
     * @param mode         the requantization mode
     * @param vec          taps per unrolled conv step
     * @return the build options that fix the format
     */
    public static String options(int storageBytes, RequantMode mode, int vec) {
        String type = storageBytes == 1 ? "char" : storageBytes == 2 ? "short" : "int";
        int m = mode.kernelCode();
        String options = String.format(Locale.ROOT, "-DTX=%s -DTX2=%s -DTY=%s -DREQUANT_MODE=%d -DADD_MODE=%d -DWIDE=%d -DPER_CHANNEL=1 -DVEC=%d",
                type, type, type, m, m, storageBytes == 2 && mode == RequantMode.TFLITE ? 1 : 0, vec);
        return mode == RequantMode.ONNX ? options + " -cl-fp32-correctly-rounded-divide-sqrt" : options;
    }

    /**
     * @param options from {@link #options}
     * @return the whole kernel set as one source file, the options written in as #defines, for aoc or v++
     */
    public static String source(String options) {
        StringBuilder src = new StringBuilder("// Convoy FPGA kernel set, interface " + INTERFACE + ". Build options: " + options + "\n");
        for (String o : options.split(" ")) {
            if (o.startsWith("-D")) {
                String[] kv = o.substring(2).split("=", 2);
                src.append("#define ").append(kv[0]).append(' ').append(kv.length > 1 ? kv[1] : "1").append('\n');
            }
        }
        for (String r : SOURCES) {
            try (InputStream in = FpgaProgram.class.getResourceAsStream("/dev/convoy/kernels/" + r)) {
                src.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return src.toString();
    }

    /**
     * Builds the kernel set for an OpenCL device and returns its binary (CL_PROGRAM_BINARIES).
     *
     * @param cl      the device
     * @param options from {@link #options}
     * @return the device binary
     */
    public static byte[] binary(OpenClContext cl, String options) {
        return ClThread.call(() -> {
            cl_program p = cl.program(SOURCES, options);
            long[] size = new long[1];
            CL.clGetProgramInfo(p, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
            byte[] bin = new byte[(int) size[0]];
            CL.clGetProgramInfo(p, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(new Pointer[] {Pointer.to(bin)}), null);
            return bin;
        });
    }

    /**
     * @param cl   the device the binary was built for
     * @param file a binary from {@link #binary} or an offline FPGA build of {@link #source}
     * @return the program
     */
    public static FpgaProgram load(OpenClContext cl, Path file) {
        byte[] bin;
        try {
            bin = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the binary (" + e.getMessage() + ")");
        }
        if (bin.length == 0) {
            throw new BadInputException(file + ": empty binary");
        }
        return ClThread.call(() -> {
            int[] status = new int[1];
            cl_program p;
            try {
                p = CL.clCreateProgramWithBinary(cl.context(), 1, new cl_device_id[] {cl.deviceId()}, new long[] {bin.length},
                        new byte[][] {bin}, status, null);
                CL.clBuildProgram(p, 0, null, null, null, null);
            } catch (CLException e) {
                throw new BadInputException(file + ": not a program binary for " + cl.device().name() + " (" + CL.stringFor_errorCode(e.getStatus())
                        + ")");
            }
            try {
                return new FpgaProgram(cl, p, file.toString());
            } catch (RuntimeException e) {
                CL.clReleaseProgram(p);
                throw e instanceof CLException ? new BadInputException(file + ": lacks the Convoy kernel set (" + e.getMessage() + ")") : e;
            }
        });
    }

    private Manifest readManifest() {
        cl_kernel k = kernel("convoy_manifest");
        cl_mem out = cl.allocate(6 * 4);
        try {
            Launch.args(k, out);
            CL.clEnqueueTask(cl.queue(), k, 0, null, null);
            int[] m = new int[6];
            CL.clEnqueueReadBuffer(cl.queue(), out, CL.CL_TRUE, 0, 24, Pointer.to(m), 0, null, null);
            return new Manifest(m[0], m[1], m[2], m[3], m[5]);
        } finally {
            cl.release(out);
        }
    }

    /** @return what the binary was built for */
    public Manifest manifest() {
        return manifest;
    }

    /** @return the binary's file name, for messages */
    public String origin() {
        return origin;
    }

    /** @return a kernel of the set, retained for the caller (who releases it) */
    public cl_kernel retainedKernel(String name) {
        cl_kernel k = kernel(name);
        CL.clRetainKernel(k);
        return k;
    }

    private cl_kernel kernel(String name) {
        return kernels.computeIfAbsent(name, n -> {
            try {
                return CL.clCreateKernel(program, n, null);
            } catch (CLException e) {
                throw new BadInputException(origin + ": has no kernel '" + n + "' (" + CL.stringFor_errorCode(e.getStatus()) + ")");
            }
        });
    }

    @Override
    public void close() {
        ClThread.call(() -> {
            kernels.values().forEach(CL::clReleaseKernel);
            kernels.clear();
            CL.clReleaseProgram(program);
            return null;
        });
    }

    @Override
    public void checkFormat(QuantizedModel model) {
        IntStorage built = manifest.bytes() == 1 ? IntStorage.CHAR : manifest.bytes() == 2 ? IntStorage.SHORT : IntStorage.INT;
        if (model.options().requant().kernelCode() != manifest.requant()) {
            throw new BadInputException(origin + ": built for " + manifest.describe() + "; the model uses " + model.options().requant() + " requantization");
        }
        for (Map.Entry<String, ActQuant> e : model.formats().entrySet()) {
            if (IntStorage.of(e.getValue()) != built) {
                throw new BadInputException(origin + ": built for " + manifest.describe() + "; value '" + e.getKey() + "' is stored as "
                        + IntStorage.of(e.getValue()).clType());
            }
        }
    }

    @Override
    public DeviceLayer conv(QLayer.QConv conv, int c, int h, int w, int oh, int ow) {
        return new SwiConvLayer(cl, this, conv, c, h, w, oh, ow);
    }

    @Override
    public DeviceLayer maxPool(Window window, int c, int h, int w, int oh, int ow) {
        return new SwiPoolLayer(cl, this, window, c, h, w, oh, ow);
    }

    @Override
    public String describe() {
        return origin + ", " + manifest.describe();
    }
}
