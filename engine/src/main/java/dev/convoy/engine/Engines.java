package dev.convoy.engine;

import dev.convoy.BadInputException;
import dev.convoy.cpu.CpuBackend;
import dev.convoy.cpu.CpuIntegerLayers;
import dev.convoy.cpu.VectorSupport;
import dev.convoy.data.ImageSource;
import dev.convoy.graph.Graph;
import dev.convoy.reference.GraphRunner;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.opencl.fpga.FpgaProgram;
import dev.convoy.opencl.integer.OpenClIntegerLayers;
import dev.convoy.opencl.runtime.DeviceInfo;
import dev.convoy.opencl.runtime.Devices;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one factory that opens a model on a device at a precision, with the fallbacks users rely on: an OpenCL
 * device that cannot be opened (no platform, no such device) falls back to the CPU and says so through
 * {@link EngineRequest#notes()} in one line. An fp32 model asked for at an integer precision is quantized
 * on the fly (calibrated on {@link EngineRequest#calibration()}).
 *
 * <pre>{@code
 * Model m = Model.load(Path.of("fixtures/resnet.onnx"));
 * try (Engine e = Engines.open(m, EngineRequest.on(Device.parse("opencl")))) {
 *     Tensor logits = e.run(images);
 * }
 * }</pre>
 */
public final class Engines {
    /** Why an fp32 model cannot run on the simulator. */
    static final String SIM_NEEDS_INTEGER = "the simulator runs integer precisions: ask for int8, int16 or fixed:W";

    private Engines() {
    }

    /**
     * @param model   the model
     * @param request device, precision and what they need
     * @return the engine; the caller closes it
     * @throws BadInputException for a combination no engine runs (Aparapi at an integer precision, fp32 on the
     *                           simulator, a quantized file asked for at another precision, a kernel set on a
     *                           device that is not OpenCL) or a request the model cannot meet
     */
    public static Engine open(Model model, EngineRequest request) {
        return open(model, request, false);
    }

    /**
     * As {@link #open}, but also opens an fp32 model on the simulator, as an engine that is timed only
     * ({@link Engine#profile}: the cycle model of its conv/FC layers) and refuses to run.
     *
     * @param model   the model
     * @param request device, precision and what they need
     * @return the engine; the caller closes it
     */
    public static Engine openForTiming(Model model, EngineRequest request) {
        return open(model, request, true);
    }

    /**
     * Opens a quantized model on the integer path of a device (the validation gate judges it this way).
     *
     * @param model     the model the quantized one came from (its label and hash go into reports)
     * @param quantized the quantized model
     * @param request   the device (cpu, sim or opencl) and its options; precision and calibration are ignored
     * @return the engine; the caller closes it
     */
    public static IntegerEngine openInteger(Model model, QuantizedModel quantized, EngineRequest request) {
        Device d = request.device();
        if (d.several()) {
            throw new BadInputException(d + ": the integer backend's layer-by-layer taps (validation, the report) run on one device;"
                    + " name one (opencl:N)");
        }
        checkBinary(request);
        if (d.kind() == Device.Kind.APARAPI) {
            throw new BadInputException("aparapi runs fp32 networks; integer precisions run on cpu, sim or opencl");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        if (d.kind() == Device.Kind.SIM) {
            HardwareConfig hw = HardwareConfigs.load(d.accelerator());
            IntegerBackend b = new IntegerBackend(quantized, request.threads(), BitTrueSimulation.executor(quantized, hw, null));
            return new IntegerEngine(model, d, b, "integer, convolutions on the simulated " + hw.name() + " tiles", hw,
                    Map.of("device", CycleModel.describe(hw), "hardware", hw.name()), List.of(b));
        }
        OpenClContext cl = openCl(d, request);
        if (cl == null) {
            return hostInteger(model, quantized, request);
        }
        resources.add(cl);
        try {
            IntegerBackend b;
            if (request.binary() != null) {
                FpgaProgram fpga = FpgaProgram.load(cl, request.binary());
                resources.add(0, fpga);
                b = new IntegerBackend(quantized, new OpenClIntegerLayers(cl, quantized, fpga));
            } else {
                b = new IntegerBackend(quantized, new OpenClIntegerLayers(cl, quantized));
            }
            resources.add(0, b);
            return new IntegerEngine(model, d, b, b.engine(), null, OpenClEngine.provenance(cl.device()), resources);
        } catch (RuntimeException e) {
            resources.forEach(Engines::closeQuietly);
            throw e;
        }
    }

    /**
     * Quantizes an fp32 model as a request asks (its precision's format, its options, its calibration images).
     *
     * @param model   an fp32 model
     * @param request an integer precision, and optionally options and calibration images
     * @return the quantized model
     * @throws BadInputException when the model is already quantized, the precision is fp32, or no calibration
     *                           images were given
     */
    public static QuantizedModel quantize(Model model, EngineRequest request) {
        Precision p = request.precision();
        if (p == null || p.isFloat()) {
            throw new BadInputException(model.label() + ": quantizing needs an integer precision (int8, int16 or fixed:W)");
        }
        QuantOptions o = request.quant() != null ? request.quant() : QuantOptions.defaults(p.scheme(), null);
        if (!o.scheme().equals(p.scheme())) {
            throw new IllegalArgumentException("quantization options for " + o.scheme() + " given with precision " + p);
        }
        if (request.calibration() == null) {
            throw new BadInputException(model.label() + ": quantizing to " + p + " needs calibration images");
        }
        model.requireFloat("quantization");
        try (ImageSource calib = request.calibration().get()) {
            return Quantizer.quantizePrepared(model.prepared(), calib.first(o.calibImages()), o, request.progress(), g -> hostRunner(g, request));
        }
    }

    private static Engine open(Model model, EngineRequest request, boolean timingOnly) {
        Device d = request.device();
        checkBinary(request);
        QuantizedModel q = model.quantized();
        Precision p = request.precision();
        if (q != null && p != null && !p.equals(Precision.of(q.options().scheme()))) {
            throw new BadInputException(model.label() + ": is already quantized (" + q.options().scheme() + "); precision " + p
                    + " needs the fp32 model");
        }
        if (q == null && (p == null || p.isFloat())) {
            return openFloat(model, request, timingOnly);
        }
        if (d.kind() == Device.Kind.APARAPI) {
            throw new BadInputException("aparapi runs fp32 networks; integer precisions run on cpu, sim or opencl");
        }
        if (q == null) {
            q = quantize(model, request);
        }
        QuantizedModel quantized = q;
        return d.several() ? several(request, member -> openInteger(model, quantized, member)) : openInteger(model, q, request);
    }

    private static Engine openFloat(Model model, EngineRequest request, boolean timingOnly) {
        Device d = request.device();
        switch (d.kind()) {
            case SIM -> {
                if (!timingOnly) {
                    throw new BadInputException(SIM_NEEDS_INTEGER);
                }
                return new SimulatedTiming(model, d, HardwareConfigs.load(d.accelerator()));
            }
            case APARAPI -> {
                return new AparapiEngine(model);
            }
            case OPENCL -> {
                if (d.several()) {
                    return several(request, member -> openFloat(model, member, false));
                }
                OpenClContext cl = openCl(d, request);
                if (cl != null) {
                    try {
                        return new OpenClEngine(model, d, cl, request);
                    } catch (RuntimeException e) {
                        cl.close();
                        throw e;
                    }
                }
                return fastCpu(model, request);
            }
            case CPU -> {
                return fastCpu(model, request);
            }
            default -> {
                return HostEngine.reference(model, request.threads());
            }
        }
    }

    /**
     * The fp32 runner of the host's work around an engine — calibration, the fp32 side of validation: the
     * reference loops for {@code --device reference} or when the JVM lacks the Vector API module, else the fast CPU
     * engine (fp32 sums in another order, deterministic for any thread count).
     *
     * @param graph   the graph
     * @param request the device and thread count
     * @return the runner; the caller closes it
     */
    public static GraphRunner hostRunner(Graph graph, EngineRequest request) {
        if (request.device().kind() == Device.Kind.REFERENCE || !VectorSupport.available()) {
            return new ReferenceBackend(graph, request.threads());
        }
        return new CpuBackend(graph, request.threads());
    }

    /**
     * @return whether {@link #hostRunner} gives the fast CPU engine in this JVM (it has the Vector API module) rather than
     *     the reference loops: two JVMs that differ here sum fp32 in different orders
     */
    public static boolean fastHost() {
        return VectorSupport.available();
    }

    /** The fast CPU engine, or the reference with a note when the JVM lacks the Vector API module. */
    private static Engine fastCpu(Model model, EngineRequest request) {
        if (!VectorSupport.available()) {
            request.notes().accept("cpu: running the fp32 reference: " + VectorSupport.missing());
            return HostEngine.reference(model, request.threads());
        }
        return HostEngine.fast(model, request.threads());
    }

    /**
     * The integer path on the host: the fast CPU engine's exact GEMM ({@code cpu}, and OpenCL's fallback), or the
     * integer reference ({@code reference}, or when the JVM lacks the Vector API module, with a note).
     */
    private static IntegerEngine hostInteger(Model model, QuantizedModel quantized, EngineRequest request) {
        int threads = request.threads();
        boolean wantFast = request.device().kind() != Device.Kind.REFERENCE;
        if (wantFast && VectorSupport.available()) {
            IntegerBackend b = new IntegerBackend(quantized, new CpuIntegerLayers(quantized, threads));
            return new IntegerEngine(model, Device.cpu(), b, "integer cpu (exact vector GEMM, " + CpuBackend.describeVectors() + ")", null,
                    Map.of("device", "CPU integer, exact vector GEMM, " + threads + " threads"), List.of(b));
        }
        if (wantFast) {
            request.notes().accept("cpu: running the integer reference: " + VectorSupport.missing());
        }
        IntegerBackend b = new IntegerBackend(quantized, threads);
        return new IntegerEngine(model, wantFast ? Device.cpu() : Device.reference(), b, "integer reference", null,
                Map.of("device", "CPU integer reference, " + threads + " threads"), List.of(b));
    }

    /**
     * The OpenCL device a demo or a user with no preference should take: the first GPU, else the first
     * accelerator (an FPGA board), else the first device of any kind (PoCL's CPU device).
     *
     * @param notes receives why there is none
     * @return that device, or empty with the reason when there is no OpenCL platform or device
     */
    public static Optional<Device> firstOpenClDevice(Consumer<String> notes) {
        List<DeviceInfo> all;
        try {
            all = Devices.list();
        } catch (BadInputException e) {
            notes.accept(e.getMessage());
            return Optional.empty();
        }
        for (String type : List.of("gpu", "accelerator")) {
            for (DeviceInfo d : all) {
                if (d.type().equals(type)) {
                    return Optional.of(Device.opencl(Integer.toString(d.index())));
                }
            }
        }
        if (all.isEmpty()) {
            notes.accept("no OpenCL device found");
            return Optional.empty();
        }
        return Optional.of(Device.opencl(Integer.toString(all.get(0).index())));
    }

    /**
     * Opens one engine per device of {@code opencl:N,M,...} or {@code opencl:all} and joins them. A listed device that
     * cannot be opened is an error (the user named it); {@code opencl:all} without any OpenCL device runs on the CPU
     * with a note, and with one device is that device.
     */
    private static Engine several(EngineRequest request, java.util.function.Function<EngineRequest, Engine> open) {
        Device d = request.device();
        List<Device> members = new ArrayList<>();
        if (d.selector().equalsIgnoreCase("all")) {
            List<DeviceInfo> all;
            try {
                all = Devices.list();
            } catch (BadInputException e) {
                all = List.of();
            }
            if (all.isEmpty()) {
                request.notes().accept(d + ": no OpenCL device found; running on the CPU instead");
                return open.apply(request.withDevice(Device.cpu()));
            }
            all.forEach(info -> members.add(Device.opencl(Integer.toString(info.index()))));
        } else {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String part : d.selector().split(",", -1)) {
                String s = part.trim();
                if (s.isEmpty() || !seen.add(s.toLowerCase(java.util.Locale.ROOT))) {
                    throw new BadInputException(d + ": " + (s.isEmpty() ? "an empty device in the list" : "device " + s + " is listed twice"));
                }
                members.add(Device.opencl(s));
            }
        }
        if (members.size() == 1) {
            return open.apply(request.withDevice(members.get(0)));
        }
        List<Engine> engines = new ArrayList<>();
        try {
            for (Device m : members) {
                List<String> notes = new ArrayList<>();
                Engine e = open.apply(request.withDevice(m).withNotes(notes::add));
                engines.add(e);
                if (e.device().kind() != Device.Kind.OPENCL) {
                    throw new BadInputException(d + ": device " + m.selector() + " cannot be opened"
                            + (notes.isEmpty() ? "" : " (" + notes.get(0).replace("; running on the CPU instead", "") + ")"));
                }
                notes.forEach(n -> request.notes().accept("device " + m.selector() + ": " + n));
            }
            return new MultiDeviceEngine(d, engines);
        } catch (RuntimeException e) {
            engines.forEach(Engines::closeQuietly);
            throw e;
        }
    }

    /** Opens the OpenCL device, or says why not and returns null (the CPU does the work). */
    private static OpenClContext openCl(Device d, EngineRequest request) {
        if (d.kind() != Device.Kind.OPENCL) {
            return null;
        }
        try {
            return OpenClContext.open(d.selector());
        } catch (BadInputException e) {
            request.notes().accept(e.getMessage() + "; running on the CPU instead");
            return null;
        }
    }

    private static void checkBinary(EngineRequest request) {
        if (request.binary() != null && request.device().kind() != Device.Kind.OPENCL) {
            throw new BadInputException(request.binary() + ": a precompiled kernel set needs an OpenCL device (the one it was built for)");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing with the cause that matters
        }
    }
}
