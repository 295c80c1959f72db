package dev.convoy.cpu;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Window;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer convolutions and fully-connected layers of a quantized model on the fast CPU engine's GEMM, with
 * integers identical to the integer reference in every requantization mode.
 *
 * <p>Why fp32 FMAs give exact integer sums: inputs are centred on their zero point (padding is then 0, as in
 * the reference) and held as floats, as are the weights; every product and every partial sum of a depth chunk
 * is an integer of magnitude at most max|w| · max|x − zp| · chunk, and the chunk is chosen so that this stays
 * under 2²² (float32 represents every integer up to 2²⁴; 2²² lets {@link VectorRounding#toInts} convert the sums
 * in two vector adds). 8-bit formats allow chunks of 129 (127 · 255 · 129 &lt; 2²²). Each chunk's sums are
 * converted to int and added into 32-bit accumulators, which the layer's bounds keep from overflowing; the bias
 * and the output stage follow in integer arithmetic. A layer whose formats
 * leave a chunk under 16 deep (16-bit activations) or whose sums could pass 2³¹ runs the reference loops.
 *
 * <p>Fully-connected layers (a 1 × 1 kernel over a 1 × 1 image) put the batch on the GEMM's columns.
 */
public final class CpuIntegerConvolutions implements IntegerBackend.ConvExecutor, AutoCloseable {
    /** Shortest depth chunk worth the GEMM; shorter chunks leave the layer to the reference loops. */
    static final int MIN_CHUNK = 16;
    /** Partial sums stay below this (see the class comment). */
    private static final long EXACT_BELOW = 1L << 22;

    private final QuantizedModel model;
    private final int threads;
    private final Parallel parallel;
    private final Parallel serial = new Parallel(1);
    private final Map<String, Optional<Prepared>> layers = new ConcurrentHashMap<>();

    /**
     * A layer's packed filters (or its depthwise kernel) and, under ONNX Runtime's rule, its per-channel float
     * scales (else null).
     */
    private record Prepared(GemmConv gemm, DepthwiseConv depthwise, float[] scales, float[] weights, int chunk) {
    }

    /** Samples below which a fully-connected layer runs as dot products rather than a GEMM. */
    static final int DOT_BELOW = 4;

    /**
     * @param model   the quantized model
     * @param threads worker threads
     */
    public CpuIntegerConvolutions(QuantizedModel model, int threads) {
        this.model = model;
        this.threads = Math.max(1, threads);
        this.parallel = new Parallel(this.threads);
    }

    /**
     * @param node the layer
     * @param conv its integer convolution
     * @return the depth chunk whose fp32 sums are exact, or 0 when the layer must run the reference loops
     */
    int exactChunk(QNode node, QLayer.QConv conv) {
        long maxW = 0;
        for (int w : conv.weight()) {
            maxW = Math.max(maxW, Math.abs((long) w));
        }
        ActQuant fx = model.formats().get(node.inputs().get(0));
        int zp = conv.inputZeroPoint();
        long maxX = fx == null ? Integer.MAX_VALUE : Math.max(Math.abs((long) fx.qmin() - zp), Math.abs((long) fx.qmax() - zp));
        long maxBias = 0;
        for (long b : conv.bias()) {
            maxBias = Math.max(maxBias, Math.abs(b));
        }
        long perTap = Math.max(1, maxW * maxX);
        if (maxBias + (double) perTap * conv.taps() >= Integer.MAX_VALUE) {
            return 0;
        }
        long chunk = (EXACT_BELOW - 1) / perTap;
        return chunk < MIN_CHUNK ? 0 : (int) Math.min(GemmConv.KC, chunk);
    }

    @Override
    public int[] run(QNode node, QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n) {
        Shape in = asImage(inShape), out = asImage(outShape);
        Optional<Prepared> prepared = layers.computeIfAbsent(node.name(), key -> prepare(node, conv, in, out));
        if (prepared.isEmpty()) {
            return null;
        }
        int m = conv.outChannels();
        long work = (long) n * outShape.size() * (conv.taps() + 1);
        Parallel pool = work < CpuBackend.SERIAL_BELOW ? serial : parallel;
        int workers = work < CpuBackend.SERIAL_BELOW ? 1 : threads;
        if (prepared.get().gemm() == null && prepared.get().depthwise() == null) {
            return global(prepared.get(), conv, x, in, n, pool);
        }
        if (fullyConnected(conv, in, out) && n < DOT_BELOW) {
            return dot(prepared.get(), conv, x, in.dim(0), n, pool);
        }
        float[] centred = centred(x, conv.inputZeroPoint(), pool);
        if (prepared.get().depthwise() != null) {
            return depthwise(prepared.get(), conv, centred, out, n, pool);
        }
        if (fullyConnected(conv, in, out) && n > 1) {
            // the batch as columns: [K, n] in, [M, n] out, one GEMM instead of n one-column ones
            int k = in.dim(0);
            float[] columns = new float[x.length];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < k; i++) {
                    columns[i * n + s] = centred[s * k + i];
                }
            }
            int[] byChannel = new int[n * m];
            GemmConv g = prepared.get().gemm().on(Shape.of(k, 1, n), Shape.of(m, 1, n));
            g.run(columns, 1, pool, workers, new IntConvOutput(byChannel, conv.bias(), conv.out(), prepared.get().scales(), m, n));
            int[] result = new int[n * m];
            for (int oc = 0; oc < m; oc++) {
                for (int s = 0; s < n; s++) {
                    result[s * m + oc] = byChannel[oc * n + s];
                }
            }
            return result;
        }
        int[] result = new int[n * out.size()];
        prepared.get().gemm().run(centred, n, pool, workers, new IntConvOutput(result, conv.bias(), conv.out(), prepared.get().scales(), m, out.dim(1) * out.dim(2)));
        return result;
    }

    /**
     * A depthwise layer: {@link DepthwiseConv}'s fp32 sums of kH·kW products are exact integers (the layer's taps
     * are within one exact chunk), converted to int and requantized per channel.
     */
    private static final int[] WHOLE_PLANE = {0};
    private static final int CHUNK = 1 << 14;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

    /** x − zp as floats (exact: |x − zp| &lt; 2²² for every format this path takes), a vector at a time. */
    private static float[] centred(int[] x, int zp, Parallel pool) {
        float[] centred = new float[x.length];
        pool.forEach((x.length + CHUNK - 1) / CHUNK, ch -> {
            int from = ch * CHUNK, to = Math.min(x.length, from + CHUNK), i = from;
            for (int bound = from + Gemm.SPECIES.loopBound(to - from); i < bound; i += Gemm.VL) {
                VectorRounding.toFloats(IntVector.fromArray(INTS, x, i).sub(zp)).intoArray(centred, i);
            }
            for (; i < to; i++) {
                centred[i] = x[i] - zp;
            }
        });
        return centred;
    }

    /**
     * A fully-connected layer on a few samples: per output, the dot product of its weights with the centred input in
     * exact fp32 chunks (each chunk's lanes hold integer partial sums whose total stays under 2²², so the lane sum is
     * exact in any order), summed into int; then the output stage. A GEMM would pad one column to a whole panel.
     */
    /**
     * A depthwise window covering the whole input (a global average pool as the integer path states it): per sample
     * and channel one dot product of int products, exact in int32 (the layer's bounds were checked), then the output
     * stage.
     */
    private static int[] global(Prepared prepared, QLayer.QConv conv, int[] x, Shape in, int n, Parallel pool) {
        int m = conv.outChannels(), c = in.dim(0), plane = in.dim(1) * in.dim(2), perGroup = m / conv.groups(), zp = conv.inputZeroPoint();
        int[] w = conv.weight();
        int[] result = new int[n * m];
        IntConvOutput output = new IntConvOutput(result, conv.bias(), conv.out(), prepared.scales(), m, 1);
        int[] at = {0}, one = {1};
        pool.forEach(n, s -> {
            int[] acc = new int[1 + Gemm.VL];
            for (int oc = 0; oc < m; oc++) {
                int src = (s * c + oc / perGroup) * plane, wt = oc * plane, sum = 0;
                for (int i = 0; i < plane; i++) {
                    sum += w[wt + i] * (x[src + i] - zp);
                }
                acc[0] = sum;
                output.finish(null, acc, 0, 1, s, oc, 1, at, one, 0, 1, 1);
            }
        });
        return result;
    }

    private static int[] dot(Prepared dw, QLayer.QConv conv, int[] x, int k, int n, Parallel pool) {
        int m = conv.outChannels(), zp = conv.inputZeroPoint();
        int[] result = new int[n * m];
        float[] centred = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            centred[i] = x[i] - zp;
        }
        IntConvOutput output = new IntConvOutput(result, conv.bias(), conv.out(), dw.scales(), m, 1);
        int[] at = {0}, one = {1};
        pool.forEach(n * ((m + 63) / 64), task -> {
            int s = task % n, oc0 = task / n * 64;
            int[] acc = new int[1 + Gemm.VL];
            for (int oc = oc0; oc < Math.min(m, oc0 + 64); oc++) {
                int sum = 0;
                for (int c0 = 0; c0 < k; c0 += dw.chunk()) {
                    int c1 = Math.min(k, c0 + dw.chunk()), i = c0;
                    FloatVector v = FloatVector.zero(Gemm.SPECIES);
                    for (int bound = c0 + Gemm.SPECIES.loopBound(c1 - c0); i < bound; i += Gemm.VL) {
                        v = FloatVector.fromArray(Gemm.SPECIES, dw.weights(), oc * k + i).fma(FloatVector.fromArray(Gemm.SPECIES, centred, s * k + i), v);
                    }
                    float part = v.reduceLanes(VectorOperators.ADD);
                    for (; i < c1; i++) {
                        part += dw.weights()[oc * k + i] * centred[s * k + i];
                    }
                    sum += (int) part;
                }
                acc[0] = sum;
                output.finish(null, acc, 0, 1, s, oc, 1, at, one, 0, 1, 1);
            }
        });
        return result;
    }
    private static final ThreadLocal<int[]> PLANE = ThreadLocal.withInitial(() -> new int[0]);

    private static int[] depthwise(Prepared prepared, QLayer.QConv conv, float[] centred, Shape out, int n, Parallel pool) {
        float[] sums = prepared.depthwise().run(centred, n, pool);
        int m = conv.outChannels(), p = out.dim(1) * out.dim(2);
        int[] result = new int[sums.length];
        IntConvOutput output = new IntConvOutput(result, conv.bias(), conv.out(), prepared.scales(), m, p);
        pool.forEach(n * m, plane -> {
            // the plane's sums as ints in this thread's own buffer: the output stage may write a whole last vector there
            int[] acc = PLANE.get();
            if (acc.length < p + Gemm.VL) {
                acc = new int[p + Gemm.VL];
                PLANE.set(acc);
            }
            int from = plane * p, i = 0;
            for (int bound = Gemm.SPECIES.loopBound(p); i < bound; i += Gemm.VL) {
                VectorRounding.toInts(FloatVector.fromArray(Gemm.SPECIES, sums, from + i)).intoArray(acc, i);
            }
            for (; i < p; i++) {
                acc[i] = (int) sums[from + i];
            }
            output.finish(null, acc, 0, p, plane / m, plane % m, 1, WHOLE_PLANE, new int[] {p}, 0, 1, p);
        });
        return result;
    }

    private Optional<Prepared> prepare(QNode node, QLayer.QConv conv, Shape in, Shape out) {
        int chunk = exactChunk(node, conv);
        if (chunk == 0) {
            return Optional.empty();
        }
        float[] weights = new float[conv.weight().length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = conv.weight()[i];
        }
        float[] scales = IntConvOutput.floatScales(conv.out());
        Window win = conv.window();
        if (conv.groups() > 1 && conv.taps() == win.kernelH() * win.kernelW()) {
            if (conv.taps() > chunk) {
                boolean global = out.dim(1) == 1 && out.dim(2) == 1 && win.kernelH() == in.dim(1) && win.kernelW() == in.dim(2)
                        && win.padding().top() == 0 && win.padding().left() == 0 && win.dilationH() == 1 && win.dilationW() == 1;
                // a global pool's window: one int dot product per channel; any other window this large, the reference
                return global ? Optional.of(new Prepared(null, null, scales, null, 0)) : Optional.empty();
            }
            Tensor w = new Tensor(Shape.of(conv.outChannels(), 1, win.kernelH(), win.kernelW()), weights);
            Conv asFloat = new Conv(w, new float[conv.outChannels()], win, conv.groups(), Activation.NONE);
            return Optional.of(new Prepared(null, new DepthwiseConv(asFloat, in, out), scales, null, chunk));
        }
        return Optional.of(new Prepared(new GemmConv(win, conv.groups(), weights, conv.outChannels(), in, out, chunk), null, scales, weights,
                chunk));
    }

    private static boolean fullyConnected(QLayer.QConv conv, Shape in, Shape out) {
        Window w = conv.window();
        return conv.groups() == 1 && in.dim(1) == 1 && in.dim(2) == 1 && out.dim(1) == 1 && out.dim(2) == 1
                && w.kernelH() == 1 && w.kernelW() == 1;
    }

    /** @return the per-sample shape as [C, H, W] (a vector [K] is a K-channel 1 × 1 image), as the reference reads it */
    private static Shape asImage(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    /** @return the layers run so far that were left to the reference loops (their formats allow no exact chunk) */
    public java.util.List<String> referenceLayers() {
        return layers.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
    }

    /** @return the layers run so far on the exact GEMM */
    public java.util.List<String> gemmLayers() {
        return layers.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public void close() {
        parallel.close();
        serial.close();
    }
}
