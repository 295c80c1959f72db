package dev.convoy.cpu;

import dev.convoy.integer.HostIntegerLayers;
import dev.convoy.integer.IntegerLayers;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.RequantMode;
import dev.convoy.reference.Parallel;
import dev.convoy.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A quantized model's integer layers on the fast CPU engine: convolutions and fully-connected layers on the exact
 * GEMM ({@link CpuIntegerConvolutions}), max pooling on the fp32 plane kernel (integers of 8- and 16-bit formats
 * are exact floats and a maximum is exact), ONNX Runtime's Dequantize → Add → Quantize a vector at a time; every
 * other layer (other add rules, lookup tables, reshapes, concatenation, padding) on the integer reference's loops.
 * Its integers are the reference's, element for element.
 */
public final class CpuIntegerLayers implements IntegerLayers<int[]> {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int CHUNK = 1 << 14;

    private final QuantizedModel model;
    private final CpuIntegerConvolutions convolutions;
    private final HostIntegerLayers reference;
    private final int threads;
    private final Parallel parallel;
    private final Parallel serial = new Parallel(1);
    private final Map<String, MaxPoolPlanes> pools = new ConcurrentHashMap<>();

    /**
     * @param model   the quantized model
     * @param threads worker threads
     */
    public CpuIntegerLayers(QuantizedModel model, int threads) {
        this.model = model;
        this.threads = Math.max(1, threads);
        this.convolutions = new CpuIntegerConvolutions(model, this.threads);
        this.reference = new HostIntegerLayers(model, this.threads, convolutions);
        this.parallel = new Parallel(this.threads);
    }

    /** @return the convolutions (which layers took the GEMM, which the reference loops) */
    public CpuIntegerConvolutions convolutions() {
        return convolutions;
    }

    @Override
    public int[] load(String value, int[] integers) {
        return integers;
    }

    @Override
    public int[] run(QNode node, List<int[]> inputs, Shape inShape, Shape outShape, int n) {
        QLayer layer = node.layer();
        int[] x = inputs.get(0);
        boolean small = (long) n * outShape.size() < CpuBackend.SERIAL_BELOW;
        if (layer instanceof QLayer.QMaxPool p && inShape.rank() == 3 && exactAsFloat(model.formats().get(node.inputs().get(0)))) {
            MaxPoolPlanes pool = pools.computeIfAbsent(node.name(), k -> new MaxPoolPlanes(p.window(), inShape, outShape));
            return toInts(pool.run(toFloats(x), n, small ? serial : parallel));
        }
        if (layer instanceof QLayer.QAdd a && a.y().mode() == RequantMode.ONNX && inputs.get(1).length == x.length && INTS.length() == Gemm.VL) {
            return addOnnx(a, x, inputs.get(1), small ? serial : parallel);
        }
        return reference.run(node, inputs, inShape, outShape, n);
    }

    /** ONNX Runtime's DequantizeLinear both, add in float32, QuantizeLinear: the reference's scalar rule, vectorised. */
    private static int[] addOnnx(QLayer.QAdd add, int[] a, int[] b, Parallel parallel) {
        int[] out = new int[a.length];
        ActQuant fa = add.a(), fb = add.b(), fy = add.y();
        float qmin = fy.qmin(), qmax = fy.qmax(), lo = add.lo(), hi = add.hi();
        int chunks = (a.length + CHUNK - 1) / CHUNK;
        parallel.forEach(chunks, ch -> {
            int from = ch * CHUNK, to = Math.min(a.length, from + CHUNK), i = from;
            for (int bound = from + INTS.loopBound(to - from); i < bound; i += Gemm.VL) {
                FloatVector da = ((FloatVector) IntVector.fromArray(INTS, a, i).sub(fa.zeroPoint())
                        .convertShape(VectorOperators.I2F, Gemm.SPECIES, 0)).mul(fa.scale());
                FloatVector db = ((FloatVector) IntVector.fromArray(INTS, b, i).sub(fb.zeroPoint())
                        .convertShape(VectorOperators.I2F, Gemm.SPECIES, 0)).mul(fb.scale());
                FloatVector q = VectorRounding.rint(da.add(db).div(fy.scale())).add(fy.zeroPoint()).max(qmin).min(qmax).max(lo).min(hi);
                VectorRounding.toInts(q).intoArray(out, i);
            }
            for (; i < to; i++) {
                int v = fy.quantize(fa.dequantize(a[i]) + fb.dequantize(b[i]));
                out[i] = Math.max(add.lo(), Math.min(add.hi(), v));
            }
        });
        return out;
    }

    /** @return whether every integer of the format is a float32 exactly (|q| ≤ 2²⁴) */
    private static boolean exactAsFloat(ActQuant f) {
        return f != null && Math.abs((long) f.qmin()) <= 1 << 24 && Math.abs((long) f.qmax()) <= 1 << 24;
    }

    private static float[] toFloats(int[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i];
        }
        return f;
    }

    private static int[] toInts(float[] f) {
        int[] x = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            x[i] = (int) f[i];
        }
        return x;
    }

    @Override
    public int[] read(int[] value) {
        return value;
    }

    @Override
    public void free(int[] value) {
        // garbage-collected
    }

    @Override
    public String describe() {
        return "CPU, exact vector GEMM (" + CpuBackend.describeVectors() + ")";
    }

    @Override
    public void close() {
        reference.close();
        convolutions.close();
        parallel.close();
        serial.close();
    }
}
