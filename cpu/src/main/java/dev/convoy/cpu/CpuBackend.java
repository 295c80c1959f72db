package dev.convoy.cpu;

import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.reference.Parallel;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.reference.ValueTap;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast fp32 CPU backend: convolutions as packed-panel GEMM ({@link GemmConv}) and fully-connected layers as
 * vectorised dot products, both on {@code jdk.incubator.vector} (the JVM needs
 * {@code --add-modules jdk.incubator.vector}; see {@link VectorSupport}), depthwise convolutions directly
 * ({@link DepthwiseConv}), max pooling ({@link MaxPoolPlanes}) and residual adds ({@link VectorAdd}) a vector at a
 * time; every other operator runs on the reference's loops with the reference's data flow. Filters are packed once per layer,
 * on first use. Results differ from the reference only by the order of fp32 sums.
 */
public final class CpuBackend implements dev.convoy.reference.GraphRunner {
    private final ReferenceBackend reference;
    private final Parallel parallel;
    private final int threads;
    private final Parallel serial = new Parallel(1);
    /** Multiply-adds (plus outputs) below which a layer is not split between threads. */
    static final long SERIAL_BELOW = 1L << 17;
    private final Map<String, GemmConv> convs = new ConcurrentHashMap<>();
    private final Map<String, DepthwiseConv> depthwise = new ConcurrentHashMap<>();
    private final Map<String, MaxPoolPlanes> maxPools = new ConcurrentHashMap<>();
    /** Outputs of this backend's kernels, reused once no layer reads them (runs without a tap). */
    private final Buffers buffers = new Buffers();

    /**
     * @param graph   the network
     * @param threads worker threads
     */
    public CpuBackend(Graph graph, int threads) {
        this.threads = Math.max(1, threads);
        this.parallel = new Parallel(this.threads);
        this.reference = new ReferenceBackend(graph, threads, new ReferenceBackend.NodeRunner() {
            @Override
            public float[] run(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n) {
                return runNode(node, inputs, values, outShape, n);
            }

            @Override
            public void release(float[] value) {
                buffers.give(value);
            }
        });
    }

    /** @return the vector width the kernels use, e.g. {@code 512-bit vectors} (AVX-512) */
    public static String describeVectors() {
        return Gemm.SPECIES.vectorBitSize() + "-bit vectors";
    }

    /** @return the graph this backend runs */
    public Graph graph() {
        return reference.graph();
    }

    /**
     * @param input [N, per-sample input shape...]
     * @return the first output [N, ...]
     */
    public Tensor run(Tensor input) {
        return reference.run(input);
    }

    /**
     * @param inputs one tensor [N, ...] per graph input, by name
     * @param tap    receives every node's output, or null
     * @return the graph's outputs by name
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap) {
        return reference.run(inputs, tap);
    }

    private float[] runNode(Node node, List<Value> inputs, List<float[]> values, Shape outShape, int n) {
        if (inputs.isEmpty() || !inputs.get(0).batched()) {
            return null;
        }
        // a layer smaller than this many multiply-adds runs on the calling thread: handing it to the pool costs
        // more than it saves (the 28×28 fixtures at batch 1)
        long work = (long) n * node.op().macs(inputs, outShape) + (long) n * outShape.size();
        Parallel parallel = work < SERIAL_BELOW ? serial : this.parallel;
        int threads = work < SERIAL_BELOW ? 1 : this.threads;
        if (node.op() instanceof Conv conv && DepthwiseConv.applies(conv)) {
            Shape in = inputs.get(0).shape();
            return depthwise.computeIfAbsent(node.name() + in, key -> new DepthwiseConv(conv, in, outShape))
                    .run(values.get(0), buffers.take(n * outShape.size()), n, parallel);
        }
        if (node.op() instanceof Conv conv) {
            Shape in = inputs.get(0).shape();
            GemmConv g = convs.computeIfAbsent(node.name() + in,
                    key -> new GemmConv(conv.window(), conv.groups(), conv.weight().data(), outShape.dim(0), in, outShape, GemmConv.KC));
            float[] out = buffers.take(n * outShape.size());
            g.run(values.get(0), n, parallel, threads, new FloatConvOutput(out, conv.bias(), conv.activation(), g.outChannels(), g.positions()));
            return out;
        }
        if (node.op() instanceof Pool pool && pool.kind() == PoolKind.MAX && inputs.get(0).shape().rank() == 3) {
            Shape in = inputs.get(0).shape();
            return maxPools.computeIfAbsent(node.name() + in, key -> new MaxPoolPlanes(pool.window(), in, outShape))
                    .run(values.get(0), buffers.take(n * outShape.size()), n, parallel);
        }
        if (node.op() instanceof Binary add && add.kind() == BinaryKind.ADD && inputs.size() == 2 && inputs.get(1).batched()
                && inputs.get(0).shape().equals(inputs.get(1).shape())) {
            return VectorAdd.run(values.get(0), values.get(1), buffers.take(values.get(0).length), add.activation(), parallel);
        }
        if (node.op() instanceof ActivationLayer a) {
            return VectorActivation.run(values.get(0), buffers.take(values.get(0).length), a.function(), parallel);
        }
        if (node.op() instanceof Dense dense) {
            int rows = n * (inputs.get(0).shape().size() / dense.inFeatures());
            return VectorDense.run(dense, values.get(0), buffers.take(rows * dense.outFeatures()), rows, parallel);
        }
        return null;
    }

    @Override
    public void close() {
        reference.close();
        parallel.close();
        serial.close();
    }
}
