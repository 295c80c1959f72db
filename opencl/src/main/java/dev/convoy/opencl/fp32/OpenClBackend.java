package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.BufferPool;
import dev.convoy.opencl.runtime.ClThread;
import dev.convoy.opencl.runtime.DeviceInfo;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.eval.LayerTime;
import dev.convoy.eval.ProfiledModel;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.BadInputException;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Binary;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Op;
import dev.convoy.graph.Pool;
import dev.convoy.graph.Reshape;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.reference.ValueTap;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * Runs a whole fp32 {@link Graph} on one OpenCL device with the tensors resident there: the input goes up
 * once, every layer reads and writes device buffers (pooled, see {@link BufferPool}), and only the outputs
 * come back. Convolutions and fully-connected layers run as tiled implicit GEMMs ({@code conv_gemm_f32.cl},
 * tiles from the tuning database), 3×3 stride-1 convolutions as Winograd F(2×2, 3×3) where the database
 * (or, untuned, {@link ConvAlgorithm#heuristic}) says so, grouped/depthwise convolutions directly, pooling, residual adds and
 * activations on their own kernels; Flatten/Reshape are free (same buffer). Operators without a kernel here
 * (Concat, Pad, Softmax, unfolded BatchNorm, broadcasting arithmetic) run on the fp32 reference's loops,
 * their inputs read back and their output uploaded again — correct, and listed by {@link #hostNodes()}.
 *
 * <p>All OpenCL calls run on {@link ClThread}. Not thread-safe: one batch at a time.
 */
public final class OpenClBackend implements ProfiledModel, AutoCloseable {
    private final Graph graph;
    private final OpenClContext cl;
    private final Map<String, DeviceLayer> layers = new HashMap<>();
    private final ReferenceBackend host;
    private final BufferPool pool;
    private final List<String> hostNodes = new ArrayList<>();
    private final Map<String, Integer> lastUse = new HashMap<>();
    private List<LayerTime> profile = List.of();
    /** Input buffers of {@link #stream}: written on the copy queue, so never handed to the pool. */
    private final Set<cl_mem> streamInputs = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param graph  the fp32 network
     * @param cl     the device
     * @param tuning tiles per layer shape, or {@link TuningDatabase#empty()}
     * @param batch  the batch size the tiles are chosen for (the database is keyed by it)
     * @param log    receives one-line notes (tile step-downs after out-of-resources)
     */
    public OpenClBackend(Graph graph, OpenClContext cl, TuningDatabase tuning, int batch, Consumer<String> log) {
        this.graph = graph;
        this.cl = cl;
        this.host = new ReferenceBackend(graph, Runtime.getRuntime().availableProcessors());
        this.pool = ClThread.call(() -> new BufferPool(cl));
        ClThread.call(() -> {
            for (Node node : graph.nodes()) {
                DeviceLayer l = layerFor(node, tuning, batch, log);
                if (l != null) {
                    layers.put(node.name(), l);
                } else if (!isAlias(node)) {
                    hostNodes.add(node.name() + " (" + node.op().type() + ")");
                }
            }
            return null;
        });
        lastUse.putAll(graph.lastReaders());
    }

    private boolean isAlias(Node node) {
        return (node.op() instanceof Flatten || node.op() instanceof Reshape) && graph.value(node.output()).batched()
                && graph.inputsOf(node).get(0).batched();
    }

    private DeviceLayer layerFor(Node node, TuningDatabase tuning, int batch, Consumer<String> log) {
        Op op = node.op();
        List<Value> ins = graph.inputsOf(node);
        Value out = graph.value(node.output());
        if (!out.batched() || ins.isEmpty() || !ins.get(0).batched() || KernelOptions.of(op.activation()) == null) {
            return null;
        }
        Shape in = ins.get(0).shape();
        Shape os = out.shape();
        if (op instanceof Conv c && in.rank() == 3) {
            ConvShape shape = ConvShape.of(c, in, os);
            if (!shape.gemm()) {
                return new DirectConvLayer(cl, c.weight().data(), c.bias(), c.window(), c.activation(), shape);
            }
            Optional<TuningDatabase.Entry> tuned = tuning.entry(cl.device().name(), ConvSignature.of(shape, c.window()), batch);
            ConvAlgorithm algorithm = tuned.map(TuningDatabase.Entry::algorithm).orElse(ConvAlgorithm.heuristic(shape, c.window()));
            if (algorithm == ConvAlgorithm.WINOGRAD && ConvAlgorithm.winogradFits(shape, c.window())) {
                GemmTile tile = tuned.map(TuningDatabase.Entry::tile)
                        .orElse(GemmTile.heuristic(16 * shape.m(), (long) batch * ((os.dim(1) + 1) / 2) * ((os.dim(2) + 1) / 2)));
                return new WinogradConvLayer(cl, pool, node.name(), c.weight().data(), c.bias(), c.window(), c.activation(), shape, tile, log);
            }
            GemmTile tile = tuned.map(TuningDatabase.Entry::tile)
                    .orElse(GemmTile.heuristic(c.outChannels() / c.groups(), (long) batch * os.dim(1) * os.dim(2)));
            return new GemmConvLayer(cl, node.name(), c.weight().data(), c.bias(), c.window(), c.activation(), shape, tile, log);
        }
        if (op instanceof Dense d && in.rank() == 1) {
            ConvShape shape = ConvShape.of(d);
            Window one = ConvSignature.POINTWISE;
            GemmTile tile = tuning.tile(cl.device().name(), ConvSignature.of(shape, one), batch)
                    .orElse(GemmTile.heuristic(d.outFeatures(), batch));
            return new GemmConvLayer(cl, node.name(), d.weight().data(), d.bias(), one, d.activation(), shape, tile, log);
        }
        if (op instanceof Pool p && in.rank() == 3) {
            return new PoolLayer(cl, p, null, new int[] {in.dim(0), in.dim(1), in.dim(2), os.dim(1), os.dim(2)});
        }
        if (op instanceof GlobalPool g && in.rank() == 3) {
            return new PoolLayer(cl, null, g.kind(), new int[] {in.dim(0), in.dim(1), in.dim(2), 1, 1});
        }
        if (op instanceof Binary b && ins.size() == 2 && ins.get(1).batched() && in.equals(os) && ins.get(1).shape().equals(os)) {
            return new ElementwiseLayer(cl, b.kind(), b.activation(), os.size());
        }
        if (op instanceof Binary b && ins.size() == 2 && !ins.get(1).batched() && in.equals(os)) {
            Shape cs = Binary.perSample(ins.get(1), ins.get(0));
            float[] constant = graph.constants().get(ins.get(1).name()) == null ? null : graph.constants().get(ins.get(1).name()).data();
            if (constant != null && cs.size() == 1) {
                return new ElementwiseLayer(cl, b.kind(), b.activation(), os.size(), constant, 1, 1);
            }
            if (constant != null && os.rank() == 3 && cs.rank() == 3 && cs.dim(0) == os.dim(0) && cs.dim(1) == 1 && cs.dim(2) == 1) {
                return new ElementwiseLayer(cl, b.kind(), b.activation(), os.size(), constant, os.dim(1) * os.dim(2), os.dim(0));
            }
        }
        if (op instanceof ActivationLayer a && KernelOptions.of(a.function()) != null) {
            return new ElementwiseLayer(cl, null, a.function(), os.size());
        }
        return null;
    }

    /** @return the nodes that run on the CPU reference because no kernel here takes them */
    public List<String> hostNodes() {
        return List.copyOf(hostNodes);
    }

    /** @return node name → the kernel (and tile) that runs it */
    public Map<String, String> kernels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            DeviceLayer l = layers.get(n.name());
            out.put(n.name(), l != null ? l.kernelName() : isAlias(n) ? "alias" : "host");
        }
        return out;
    }

    /** @return the device */
    public DeviceInfo device() {
        return cl.device();
    }

    /** @return the graph this backend runs */
    public Graph graph() {
        return graph;
    }

    /**
     * @param input [N, per-sample input shape...]
     * @return the first output
     */
    @Override
    public Tensor run(Tensor input) {
        if (graph.inputs().size() != 1) {
            throw new BadInputException("model has " + graph.inputs().size() + " inputs; give each by name");
        }
        return run(Map.of(graph.inputs().get(0).name(), input), null, false).get(graph.outputs().get(0));
    }

    /**
     * @param inputs  one tensor [N, ...] per graph input
     * @param tap     receives every node's output (read back from the device), or null
     * @param profile whether to time each node from its kernels' events (see {@link #lastProfile()})
     * @return the outputs by name
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap, boolean profile) {
        return ClThread.call(() -> runOnClThread(inputs, tap, profile));
    }

    /**
     * @param input [N, per-sample input shape...]
     * @return per-node device times from OpenCL events, in graph order
     */
    @Override
    public List<LayerTime> profile(Tensor input) {
        run(Map.of(graph.inputs().get(0).name(), input), null, true);
        return lastProfile();
    }

    /** @return per-node device times of the last profiled run, in graph order */
    public List<LayerTime> lastProfile() {
        return profile;
    }

    /** @return device buffers in the activation pool */
    public int pooledBuffers() {
        return pool.buffers();
    }

    private Map<String, Tensor> runOnClThread(Map<String, Tensor> inputs, ValueTap tap, boolean timed) {
        Map<String, cl_mem> dev = new HashMap<>();
        Map<String, float[]> hostValues = new HashMap<>();
        int n = graph.batchOf(inputs);
        checkMemory(n);
        for (Value in : graph.inputs()) {
            float[] data = inputs.get(in.name()).data();
            cl_mem m = pool.acquire(4L * data.length);
            write(m, data);
            dev.put(in.name(), m);
        }
        List<Enqueued> steps = enqueueGraph(dev, hostValues, n, tap, timed);
        Map<String, Tensor> outs = new LinkedHashMap<>();
        for (String name : graph.outputs()) {
            Value v = graph.value(name);
            Shape s = v.batched() ? v.shape().withBatch(n) : v.shape();
            outs.put(name, new Tensor(s, dev.containsKey(name) ? read(dev.get(name), s.size()) : hostValues.get(name)));
        }
        for (String name : graph.outputs()) {
            free(dev, name);
        }
        for (String left : new ArrayList<>(dev.keySet())) {
            free(dev, left); // inputs nobody reads, outputs of dead nodes
        }
        if (timed) {
            CL.clFinish(cl.queue()); // the events' times are final once their commands are (reads block anyway)
        }
        List<LayerTime> timed2 = new ArrayList<>();
        for (Enqueued step : steps) {
            LayerTime t = step.time();
            if (!step.events().isEmpty()) {
                long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
                for (cl_event e : step.events()) {
                    long[] start = new long[1], end = new long[1];
                    CL.clGetEventProfilingInfo(e, CL.CL_PROFILING_COMMAND_START, 8, Pointer.to(start), null);
                    CL.clGetEventProfilingInfo(e, CL.CL_PROFILING_COMMAND_END, 8, Pointer.to(end), null);
                    CL.clReleaseEvent(e);
                    first = Math.min(first, start[0]);
                    last = Math.max(last, end[0]);
                }
                t = new LayerTime(t.node(), t.type(), t.kernel(), (last - first) / 1e6, t.flops());
            }
            timed2.add(t);
        }
        if (timed) {
            profile = List.copyOf(timed2);
        }
        return outs;
    }

    /**
     * Runs batches back to back with transfers overlapping compute: while the device computes batch i, the
     * upload of batch i+1 and the read-back of batch i−1 run on the context's copy queue (a GPU's copy
     * engines) and the host prepares batch i+1 (the iterator's work). Each batch's kernels wait for its
     * upload through an event, each read-back for its kernels; outputs arrive in order, one per batch, on the
     * calling thread's behalf. Graphs with more than one input or output, or a node on the CPU, run batch
     * by batch instead (their host nodes need the data between kernels anyway).
     *
     * @param batches inputs [N, ...], any N per batch
     * @param outputs receives the first output of each batch, in order
     */
    public void stream(Iterator<Tensor> batches, Consumer<Tensor> outputs) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1 || !hostNodes.isEmpty()
                || !graph.value(graph.outputs().get(0)).batched()) {
            batches.forEachRemaining(b -> outputs.accept(run(b)));
            return;
        }
        ClThread.call(() -> {
            streamOnClThread(batches, outputs);
            return null;
        });
    }

    /** A batch whose kernels and read-back are enqueued, its output not yet delivered. */
    private record InFlight(cl_mem output, ByteBuffer host, cl_event read, Shape shape) {
    }

    /** One of the two input buffers and its staging memory. */
    private static final class Slot {
        cl_mem device;
        long bytes;
        ByteBuffer host;
        cl_event written;   // the upload into device
        cl_event computed;  // the kernels that read device
    }

    private void streamOnClThread(Iterator<Tensor> batches, Consumer<Tensor> outputs) {
        String inName = graph.inputs().get(0).name(), outName = graph.outputs().get(0);
        Shape outShape = graph.value(outName).shape();
        Slot[] slots = {new Slot(), new Slot()};
        Deque<InFlight> inFlight = new ArrayDeque<>();
        try {
            int s = 0;
            Tensor next = batches.hasNext() ? batches.next() : null;
            if (next != null) {
                upload(slots[s], next);
            }
            while (next != null) {
                Tensor batch = next;
                Slot slot = slots[s];
                int n = batch.shape().dim(0);
                checkMemory(n);
                CL.clEnqueueBarrierWithWaitList(cl.queue(), 1, new cl_event[] {slot.written}, null);
                Map<String, cl_mem> dev = new HashMap<>();
                dev.put(inName, slot.device);
                enqueueGraph(dev, new HashMap<>(), n, null, false);
                cl_mem out = dev.remove(outName);
                for (String left : new ArrayList<>(dev.keySet())) {
                    free(dev, left); // outputs of dead nodes; the slot's buffer stays out of the pool
                }
                release(slot.computed);
                slot.computed = new cl_event();
                CL.clEnqueueMarkerWithWaitList(cl.queue(), 0, null, slot.computed);
                Shape shape = outShape.withBatch(n);
                ByteBuffer host = ByteBuffer.allocateDirect(4 * shape.size()).order(ByteOrder.nativeOrder());
                cl_event read = new cl_event();
                CL.clEnqueueReadBuffer(cl.copyQueue(), out, CL.CL_FALSE, 0, 4L * shape.size(), Pointer.to(host), 1,
                        new cl_event[] {slot.computed}, read);
                inFlight.add(new InFlight(out, host, read, shape));
                CL.clFlush(cl.queue());
                CL.clFlush(cl.copyQueue());
                next = batches.hasNext() ? batches.next() : null; // host work while the device computes
                if (next != null) {
                    s ^= 1;
                    upload(slots[s], next);
                }
                while (inFlight.size() > 1) {
                    deliver(inFlight.poll(), outputs);
                }
            }
            while (!inFlight.isEmpty()) {
                deliver(inFlight.poll(), outputs);
            }
        } finally {
            CL.clFinish(cl.copyQueue());
            CL.clFinish(cl.queue());
            for (InFlight f : inFlight) {
                release(f.read());
                pool.give(f.output());
            }
            for (Slot slot : slots) {
                release(slot.written);
                release(slot.computed);
                if (slot.device != null) {
                    streamInputs.remove(slot.device);
                    cl.release(slot.device);
                }
            }
        }
    }

    /** Stages a batch and enqueues its upload on the copy queue, after the kernels that last read the slot. */
    private void upload(Slot slot, Tensor batch) {
        long bytes = 4L * batch.size();
        if (slot.written != null) {
            CL.clWaitForEvents(1, new cl_event[] {slot.written}); // its staging memory is about to be overwritten
            release(slot.written);
            slot.written = null;
        }
        if (slot.bytes < bytes) {
            if (slot.device != null) {
                if (slot.computed != null) {
                    CL.clWaitForEvents(1, new cl_event[] {slot.computed});
                }
                streamInputs.remove(slot.device);
                cl.release(slot.device);
            }
            slot.device = cl.allocate(bytes);
            streamInputs.add(slot.device);
            slot.host = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            slot.bytes = bytes;
        }
        slot.host.clear();
        slot.host.asFloatBuffer().put(batch.data());
        slot.written = new cl_event();
        int waits = slot.computed == null ? 0 : 1;
        CL.clEnqueueWriteBuffer(cl.copyQueue(), slot.device, CL.CL_FALSE, 0, bytes, Pointer.to(slot.host), waits,
                waits == 0 ? null : new cl_event[] {slot.computed}, slot.written);
    }

    private void deliver(InFlight f, Consumer<Tensor> outputs) {
        CL.clWaitForEvents(1, new cl_event[] {f.read()});
        release(f.read());
        pool.give(f.output());
        float[] v = new float[f.shape().size()];
        f.host().asFloatBuffer().get(v);
        outputs.accept(new Tensor(f.shape(), v));
    }

    private static void release(cl_event e) {
        if (e != null) {
            CL.clReleaseEvent(e);
        }
    }

    /** A node as enqueued: its time entry (device time filled in later) and its kernels' events. */
    private record Enqueued(LayerTime time, List<cl_event> events) {
    }

    /**
     * Enqueues every node on the kernel queue, in graph order, freeing each tensor after its last reader.
     *
     * @param dev        the graph inputs on the device; on return, the graph outputs
     * @param hostValues values computed on the host that are not batched
     */
    private List<Enqueued> enqueueGraph(Map<String, cl_mem> dev, Map<String, float[]> hostValues, int n, ValueTap tap, boolean timed) {
        List<Node> nodes = graph.nodes();
        List<Enqueued> steps = new ArrayList<>();
        for (int index = 0; index < nodes.size(); index++) {
            Node node = nodes.get(index);
            Value out = graph.value(node.output());
            DeviceLayer layer = layers.get(node.name());
            long flops = 2L * n * node.op().macs(graph.inputsOf(node), out.shape());
            if (layer != null) {
                List<cl_mem> ins = new ArrayList<>();
                for (String i : node.inputs()) {
                    if (dev.containsKey(i)) {
                        ins.add(dev.get(i));
                    }
                }
                cl_mem o = pool.acquire(4L * n * out.shape().size());
                List<cl_event> e = layer.enqueue(ins, o, n, timed);
                dev.put(node.output(), o);
                steps.add(new Enqueued(new LayerTime(node.name(), node.op().type(), layer.kernelName(), 0, flops), e));
            } else if (isAlias(node)) {
                dev.put(node.output(), dev.get(node.inputs().get(0)));
                steps.add(new Enqueued(new LayerTime(node.name(), node.op().type(), "alias", 0, 0), List.of()));
            } else {
                long start = System.nanoTime();
                List<float[]> values = new ArrayList<>();
                for (String i : node.inputs()) {
                    values.add(dev.containsKey(i) ? read(dev.get(i), n * graph.value(i).shape().size())
                            : hostValues.containsKey(i) ? hostValues.get(i) : graph.constants().get(i).data());
                }
                float[] r = host.runNode(node, graph.inputsOf(node), values, out.shape(), out.batched() ? n : 1);
                if (out.batched()) {
                    cl_mem o = pool.acquire(4L * r.length);
                    write(o, r);
                    dev.put(node.output(), o);
                } else {
                    hostValues.put(node.output(), r);
                }
                steps.add(new Enqueued(new LayerTime(node.name(), node.op().type(), "host", (System.nanoTime() - start) / 1e6, flops), List.of()));
            }
            if (tap != null) {
                Shape s = out.batched() ? out.shape().withBatch(n) : out.shape();
                float[] v = dev.containsKey(node.output()) ? read(dev.get(node.output()), s.size()) : hostValues.get(node.output());
                tap.accept(node, new Tensor(s, v));
            }
            for (String in : node.inputs()) {
                Integer last = lastUse.get(in);
                if (last != null && last == index) {
                    free(dev, in);
                }
            }
        }
        return steps;
    }

    private void free(Map<String, cl_mem> dev, String name) {
        cl_mem m = dev.remove(name);
        if (m != null && !dev.containsValue(m) && !streamInputs.contains(m)) { // an alias may still hold the buffer
            pool.give(m);
        }
    }

    /** Refuses a batch whose largest activation the device cannot hold. */
    private void checkMemory(int n) {
        long limit = cl.device().globalMemBytes() / 4; // OpenCL guarantees single allocations of at least 1/4 of global memory
        for (Node node : graph.nodes()) {
            Value v = graph.value(node.output());
            long bytes = 4L * n * v.shape().size();
            if (v.batched() && bytes > limit) {
                throw new BadInputException("batch of " + n + " makes '" + node.name() + "' output " + (bytes >> 20)
                        + " MiB, more than " + cl.device().name() + " allocates at once (" + (limit >> 20) + " MiB); use a smaller batch");
            }
        }
    }

    private void write(cl_mem m, float[] data) {
        if (data.length > 0) {
            CL.clEnqueueWriteBuffer(cl.queue(), m, CL.CL_TRUE, 0, 4L * data.length, Pointer.to(data), 0, null, null);
        }
    }

    private float[] read(cl_mem m, int elements) {
        float[] out = new float[elements];
        if (elements > 0) {
            CL.clEnqueueReadBuffer(cl.queue(), m, CL.CL_TRUE, 0, 4L * elements, Pointer.to(out), 0, null, null);
        }
        return out;
    }

    @Override
    public void close() {
        ClThread.call(() -> {
            CL.clFinish(cl.queue());
            layers.values().forEach(DeviceLayer::close);
            layers.clear();
            pool.close();
            return null;
        });
        host.close();
    }
}
