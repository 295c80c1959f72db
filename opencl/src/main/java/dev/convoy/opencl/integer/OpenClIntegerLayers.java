package dev.convoy.opencl.integer;

import dev.convoy.opencl.runtime.BufferPool;
import dev.convoy.opencl.runtime.ClThread;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.integer.HostIntegerLayers;
import dev.convoy.integer.IntegerLayers;
import dev.convoy.graph.Pad;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * A quantized model's integer layers resident on one OpenCL device: the quantized input goes up once (in
 * its narrowest storage, 8-bit formats as chars), every layer reads and writes device buffers, and only
 * the output integers come back. Convolutions run on {@link IntConvLayer} (4-way dot products where 8-bit
 * operands allow), max pooling, tables, padding and adds on {@link IntOpLayer}, reshapes alias their input,
 * concatenations are buffer copies. A layer no kernel can take exactly (listed by {@link #hostNodes()})
 * runs on the integer reference, its inputs read back and its output uploaded again.
 *
 * <p>All OpenCL calls run on {@link ClThread}. One batch at a time.
 */
public final class OpenClIntegerLayers implements IntegerLayers<DeviceInts> {
    static final String[] CONV_Q8_SOURCES = {"geometry.cl", "requant.cl", "conv_q8.cl"};
    static final String[] CONV_INT_SOURCES = {"geometry.cl", "requant.cl", "conv_int.cl"};
    private final OpenClContext cl;
    private final QuantizedModel model;
    private final DotProduct dot;
    private final Map<String, DeviceLayer> layers = new HashMap<>();
    private final Map<String, String> kernels = new LinkedHashMap<>();
    private final List<String> hostNodes = new ArrayList<>();
    private final HostIntegerLayers host;
    private final BufferPool pool;
    private final Map<cl_mem, Integer> references = new IdentityHashMap<>();
    private final PrecompiledKernels fpga;

    /**
     * @param cl    the device
     * @param model the quantized model
     * @param dot   the dot product for 8-bit convolutions; null probes the device ({@link DotProduct#probe})
     */
    public OpenClIntegerLayers(OpenClContext cl, QuantizedModel model, DotProduct dot) {
        this(cl, model, dot, null);
    }

    /**
     * Runs the model on a precompiled kernel set (an FPGA board's binary, or any device's): every layer
     * takes the set's runtime-dimensioned kernels, none is compiled here.
     *
     * @param cl    the device the binary was built for
     * @param model the quantized model; its format must be the binary's
     * @param fpga  the kernel set
     */
    public OpenClIntegerLayers(OpenClContext cl, QuantizedModel model, PrecompiledKernels fpga) {
        this(cl, model, DotProduct.PORTABLE, fpga);
    }

    private OpenClIntegerLayers(OpenClContext cl, QuantizedModel model, DotProduct dot, PrecompiledKernels fpga) {
        this.cl = cl;
        this.model = model;
        this.fpga = fpga;
        if (fpga != null) {
            fpga.checkFormat(model);
        }
        this.host = new HostIntegerLayers(model, Runtime.getRuntime().availableProcessors(), null);
        this.dot = fpga != null ? null : dot != null ? dot : DotProduct.probe(cl);
        this.pool = ClThread.call(() -> new BufferPool(cl));
        boolean correctDivide = fpga != null || ClThread.call(() -> correctlyRoundedDivide(cl));
        ClThread.call(() -> {
            for (QNode node : model.layers()) {
                DeviceLayer l = layerFor(node, correctDivide);
                if (l != null) {
                    layers.put(node.name(), l);
                    kernels.put(node.name(), l.kernelName());
                } else if (node.layer() instanceof QLayer.QReshape || node.layer() instanceof QLayer.QConcat) {
                    kernels.put(node.name(), node.layer() instanceof QLayer.QReshape ? "alias" : "buffer copies");
                } else {
                    kernels.put(node.name(), "host");
                    hostNodes.add(node.name() + " (" + node.layer().type() + ")");
                }
            }
            return null;
        });
    }

    /** @param cl the device; the model's 8-bit convolutions use the probed dot product */
    public OpenClIntegerLayers(OpenClContext cl, QuantizedModel model) {
        this(cl, model, (DotProduct) null);
    }

    private static boolean correctlyRoundedDivide(OpenClContext cl) {
        long[] config = new long[1];
        CL.clGetDeviceInfo(cl.deviceId(), CL.CL_DEVICE_SINGLE_FP_CONFIG, org.jocl.Sizeof.cl_ulong, Pointer.to(config), null);
        return (config[0] & CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
    }

    private IntStorage storage(String value) {
        return IntStorage.of(model.formats().get(value));
    }

    private static Shape image(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    private DeviceLayer layerFor(QNode node, boolean correctDivide) {
        QLayer layer = node.layer();
        String first = node.inputs().get(0);
        IntStorage x = storage(first), y = storage(node.output());
        Shape in = image(model.shapes().get(first)), out = image(model.shapes().get(node.output()));
        IntOpLayer.Kernels kernels = fpga == null ? cl::kernel : (sources, options, name) -> fpga.retainedKernel(name);
        if (layer instanceof QLayer.QConv c && in.rank() == 3) {
            try {
                return fpga != null ? fpga.conv(c, in.dim(0), in.dim(1), in.dim(2), out.dim(1), out.dim(2))
                        : new IntConvLayer(cl, node.name(), c, x, y, in.dim(0), in.dim(1), in.dim(2), out.dim(1), out.dim(2), dot);
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }
        if (layer instanceof QLayer.QMaxPool p && in.rank() == 3) {
            return fpga != null ? fpga.maxPool(p.window(), in.dim(0), in.dim(1), in.dim(2), out.dim(1), out.dim(2))
                    : IntOpLayer.maxPool(cl, kernels, p, x, y, in.dim(0), in.dim(1), in.dim(2), out.dim(1), out.dim(2));
        }
        if (layer instanceof QLayer.QLut l) {
            return IntOpLayer.lut(cl, kernels, l, x, y, out.size());
        }
        if (layer instanceof QLayer.QPad p) {
            int[] src = new Pad(p.begin(), p.end(), p.mode(), 0f).sourceIndex(model.shapes().get(first));
            return IntOpLayer.gather(cl, kernels, src, p.value(), model.shapes().get(first).size(), x, y);
        }
        if (layer instanceof QLayer.QAdd a && node.inputs().size() == 2
                && model.shapes().get(node.inputs().get(1)).size() == model.shapes().get(first).size()) {
            return IntOpLayer.add(cl, kernels, a, x, storage(node.inputs().get(1)), y, out.size(), correctDivide);
        }
        return null;
    }

    /** @return the dot product 8-bit convolutions use (null on a precompiled kernel set) */
    public DotProduct dotProduct() {
        return dot;
    }

    /** @return node name → what runs it ("conv_q8 (dp4a (inline PTX))", "alias", "host", ...) */
    public Map<String, String> kernels() {
        return Map.copyOf(kernels);
    }

    /** @return layers that run on the integer reference because no kernel here is exact for them */
    public List<String> hostNodes() {
        return List.copyOf(hostNodes);
    }

    /** @return device buffers in the activation pool */
    public int pooledBuffers() {
        return pool.buffers();
    }

    @Override
    public DeviceInts load(String value, int[] integers) {
        IntStorage s = storage(value);
        return ClThread.call(() -> {
            DeviceInts d = allocate(integers.length, s);
            ByteBuffer bytes = s.pack(integers);
            CL.clEnqueueWriteBuffer(cl.queue(), d.mem(), CL.CL_FALSE, 0, d.bytes(), Pointer.to(bytes), 0, null, null);
            CL.clFinish(cl.queue());   // the direct buffer may be collected once this returns
            return d;
        });
    }

    private DeviceInts allocate(int count, IntStorage s) {
        DeviceInts d = new DeviceInts(pool.acquire((long) count * s.bytes), count, s);
        references.merge(d.mem(), 1, Integer::sum);
        return d;
    }

    @Override
    public DeviceInts run(QNode node, List<DeviceInts> inputs, Shape inShape, Shape outShape, int n) {
        return ClThread.call(() -> {
            QLayer layer = node.layer();
            IntStorage out = storage(node.output());
            if (layer instanceof QLayer.QReshape) {
                DeviceInts x = inputs.get(0);
                references.merge(x.mem(), 1, Integer::sum);
                return new DeviceInts(x.mem(), x.count(), x.storage());
            }
            if (layer instanceof QLayer.QConcat c) {
                return concat(c, node, inputs, outShape, n, out);
            }
            DeviceLayer l = layers.get(node.name());
            if (l == null) {
                List<int[]> hostInputs = new ArrayList<>();
                inputs.forEach(d -> hostInputs.add(readOnClThread(d)));
                int[] result = host.run(node, hostInputs, inShape, outShape, n);
                DeviceInts d = allocate(result.length, out);
                CL.clEnqueueWriteBuffer(cl.queue(), d.mem(), CL.CL_TRUE, 0, d.bytes(), Pointer.to(out.pack(result)), 0, null, null);
                return d;
            }
            DeviceInts d = allocate(n * outShape.size(), out);
            List<cl_mem> mems = new ArrayList<>();
            inputs.forEach(v -> mems.add(v.mem()));
            l.enqueue(mems, d.mem(), n, false);
            return d;
        });
    }

    private DeviceInts concat(QLayer.QConcat c, QNode node, List<DeviceInts> inputs, Shape outShape, int n, IntStorage out) {
        int outer = 1;
        for (int i = 0; i < c.axis(); i++) {
            outer *= outShape.dim(i);
        }
        DeviceInts d = allocate(n * outShape.size(), out);
        long pos = 0;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < inputs.size(); k++) {
                    int per = model.shapes().get(node.inputs().get(k)).size();
                    long chunk = (long) per / outer * out.bytes;
                    CL.clEnqueueCopyBuffer(cl.queue(), inputs.get(k).mem(), d.mem(), (long) s * per * out.bytes + o * chunk, pos, chunk,
                            0, null, null);
                    pos += chunk;
                }
            }
        }
        return d;
    }

    @Override
    public int[] read(DeviceInts value) {
        return ClThread.call(() -> readOnClThread(value));
    }

    private int[] readOnClThread(DeviceInts value) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) Math.max(value.bytes(), 4));
        CL.clEnqueueReadBuffer(cl.queue(), value.mem(), CL.CL_TRUE, 0, value.bytes(), Pointer.to(b), 0, null, null);
        return value.storage().unpack(b, value.count());
    }

    @Override
    public void free(DeviceInts value) {
        ClThread.call(() -> {
            int left = references.merge(value.mem(), -1, Integer::sum);
            if (left == 0) {
                references.remove(value.mem());
                pool.give(value.mem());   // in-order queue: later writers run after every reader already enqueued
            }
            return null;
        });
    }

    @Override
    public String describe() {
        String where = "integer on " + cl.device().name()
                + (fpga != null ? " (kernel set " + fpga.describe() + ")" : " (8-bit dot: " + dot + ")");
        return hostNodes.isEmpty() ? where : where + ", on the CPU: " + String.join(", ", hostNodes);
    }

    @Override
    public void close() {
        ClThread.call(() -> {
            layers.values().forEach(DeviceLayer::close);
            layers.clear();
            pool.close();
            return null;
        });
        host.close();
    }
}
