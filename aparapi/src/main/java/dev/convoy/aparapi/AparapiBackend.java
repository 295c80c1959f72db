package dev.convoy.aparapi;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.internal.kernel.KernelManager;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.reference.ValueTap;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs an fp32 {@link Graph} with its convolutions, fully-connected layers and pooling as Aparapi kernels
 * and everything else on the fp32 reference. Aparapi translates each kernel's bytecode to OpenCL on first
 * use; when it cannot (no OpenCL, a construct it does not translate, a failed build) it runs the same Java
 * on its thread pool. That never passes silently: {@link #placements()} names, per layer, the OpenCL
 * device or the Java fallback and Aparapi's reason, and {@link #summary()} counts them.
 *
 * <p>Aparapi copies each kernel's arrays to the device and back around every execution, so tensors are
 * not resident between layers; the {@code dev.convoy.opencl.fp32.OpenClBackend} is the fast path, this one the
 * portable, readable one. One batch at a time.
 */
public final class AparapiBackend implements AutoCloseable {
    private static final Logger APARAPI_LOG = Logger.getLogger("com.aparapi");
    private static final int GROUP = 64;
    private final Graph graph;
    private final Device device;
    private final ReferenceBackend backend;
    private final Map<String, Kernel> kernels = new HashMap<>();
    private final Map<String, String> placements = new LinkedHashMap<>();
    private final List<String> fallbackNotes = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getMessage() != null) {
                fallbackNotes.add(r.getMessage().lines().findFirst().orElse("").trim());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param graph the network, on Aparapi's preferred device */
    public AparapiBackend(Graph graph) {
        this(graph, KernelManager.instance().bestDevice());
    }

    /**
     * @param graph  the network
     * @param device an Aparapi device: an OpenCL device, or {@code JavaDevice.THREAD_POOL} to run the kernels as Java
     */
    public AparapiBackend(Graph graph, Device device) {
        this.graph = graph;
        this.device = device;
        for (Node node : graph.nodes()) {
            Kernel k = kernelFor(node);
            if (k != null) {
                kernels.put(node.name(), k);
                placements.put(node.name(), "not run yet");
            }
        }
        this.backend = new ReferenceBackend(graph, Runtime.getRuntime().availableProcessors(), this::runNode);
    }

    private Kernel kernelFor(Node node) {
        Op op = node.op();
        List<Value> ins = graph.inputsOf(node);
        Value out = graph.value(node.output());
        if (ins.isEmpty() || !ins.get(0).batched() || !out.batched()) {
            return null;
        }
        Shape in = ins.get(0).shape(), os = out.shape();
        if (op instanceof Conv c && in.rank() == 3 && ActivationCode.of(c.activation()) != null) {
            Window win = c.window();
            int[] dims = {in.dim(0), in.dim(1), in.dim(2), c.outChannels(), os.dim(1), os.dim(2), c.groups(), win.kernelH(), win.kernelW(),
                win.strideH(), win.strideW(), win.dilationH(), win.dilationW(), win.padding().top(), win.padding().left()};
            return new ConvKernel(c.weight().data(), c.bias() == null ? new float[c.outChannels()] : c.bias(), dims,
                    ActivationCode.of(c.activation()));
        }
        if (op instanceof Dense d && in.rank() == 1 && ActivationCode.of(d.activation()) != null) {
            int[] dims = {d.inFeatures(), 1, 1, d.outFeatures(), 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
            return new ConvKernel(d.weight().data(), d.bias() == null ? new float[d.outFeatures()] : d.bias(), dims,
                    ActivationCode.of(d.activation()));
        }
        if (op instanceof Pool p && in.rank() == 3) {
            Window win = p.window();
            int[] dims = {in.dim(1), in.dim(2), os.dim(1), os.dim(2), win.kernelH(), win.kernelW(), win.strideH(), win.strideW(),
                win.dilationH(), win.dilationW(), win.padding().top(), win.padding().left(), win.padding().bottom(), win.padding().right()};
            return new PoolKernel(dims, p.kind() == PoolKind.MAX, p.countIncludePad());
        }
        if (op instanceof GlobalPool g && in.rank() == 3) {
            int[] dims = {in.dim(1), in.dim(2), 1, 1, in.dim(1), in.dim(2), 1, 1, 1, 1, 0, 0, 0, 0};
            return new PoolKernel(dims, g.kind() == PoolKind.MAX, false);
        }
        return null;
    }

    private float[] runNode(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n) {
        Kernel k = kernels.get(node.name());
        if (k == null) {
            return null;
        }
        float[] y = new float[n * outShape.size()];
        if (k instanceof ConvKernel c) {
            c.x = values.get(0);
            c.y = y;
            c.total = y.length;
        } else if (k instanceof PoolKernel p) {
            p.x = values.get(0);
            p.y = y;
            p.total = y.length;
        }
        fallbackNotes.clear();
        APARAPI_LOG.addHandler(capture);
        try {
            // Aparapi keeps device preferences per kernel class: set ours before every execution
            KernelManager.instance().setPreferredDevices(k, new java.util.LinkedHashSet<>(List.of(device)));
            // whole work-groups of 64: Aparapi's own choice (the largest divisor of the size) can be 1 or one a driver refuses
            k.execute(Range.create(device, (y.length + GROUP - 1) / GROUP * GROUP, GROUP));
        } finally {
            APARAPI_LOG.removeHandler(capture);
        }
        String java = device instanceof com.aparapi.device.JavaDevice ? "Java threads (requested)"
                : "Java threads (Aparapi fallback" + (fallbackNotes.isEmpty() ? "" : ": " + String.join("; ", fallbackNotes)) + ")";
        placements.put(node.name(), k.isRunningCL() ? "OpenCL: " + describe(k.getTargetDevice()) : java);
        return y;
    }

    private static String describe(Device d) {
        if (d instanceof com.aparapi.device.OpenCLDevice cl) {
            return cl.getName().trim();
        }
        return d == null ? "unknown" : d.getShortDescription();
    }

    /**
     * @param input [N, per-sample input shape...]
     * @return the first output
     */
    public Tensor run(Tensor input) {
        return backend.run(input);
    }

    /**
     * @param inputs one tensor [N, ...] per graph input
     * @param tap    receives every node's output, or null
     * @return the outputs by name
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap) {
        return backend.run(inputs, tap);
    }

    /** @return node name → where its kernel ran last ("OpenCL: DEVICE" or "Java threads (Aparapi fallback: REASON)") */
    public Map<String, String> placements() {
        return Map.copyOf(placements);
    }

    /** @return e.g. "Aparapi: 7 layers on OpenCL (Tesla T4), 0 on Java threads, 3 on the fp32 reference" */
    public String summary() {
        long cl = placements.values().stream().filter(p -> p.startsWith("OpenCL")).count();
        long java = placements.values().stream().filter(p -> p.startsWith("Java")).count();
        String where = placements.values().stream().filter(p -> p.startsWith("OpenCL: ")).map(p -> p.substring(8)).distinct()
                .reduce((a, b) -> a + ", " + b).map(d -> " (" + d + ")").orElse("");
        String why = placements.values().stream().filter(p -> p.startsWith("Java threads (")).map(p -> p.substring(14, p.length() - 1))
                .distinct().reduce((a, b) -> a + "; " + b).map(r -> " [" + r + "]").orElse("");
        return "Aparapi: " + cl + " layers on OpenCL" + where + ", " + java + " on Java threads" + why + ", "
                + (graph.nodes().size() - kernels.size()) + " on the fp32 reference";
    }

    @Override
    public void close() {
        kernels.values().forEach(Kernel::dispose);
        backend.close();
    }
}
