package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Activation;
import dev.convoy.graph.BinaryKind;
import java.util.List;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A binary operation on two same-shaped tensors (residual add), on a tensor and a broadcast constant
 * (a scalar or one value per channel), or an activation alone ({@code eltwise_f32.cl}).
 */
final class ElementwiseLayer implements DeviceLayer {
    private static final String[] SOURCES = {"activation_f32.cl", "eltwise_f32.cl"};
    private final OpenClContext cl;
    private final cl_kernel kernel;
    private final boolean binary;
    private final int size;
    private final cl_mem constant;
    private final int inner;
    private final int cdim;

    /**
     * @param kind the binary operation, or null for the activation alone
     * @param act  the (fused) activation
     * @param size elements per sample
     */
    ElementwiseLayer(OpenClContext cl, BinaryKind kind, Activation act, int size) {
        this(cl, kind, act, size, null, 1, 1);
    }

    /**
     * @param constant the right operand, broadcast: {@code cdim} values, each over {@code inner} consecutive elements
     */
    ElementwiseLayer(OpenClContext cl, BinaryKind kind, Activation act, int size, float[] constant, int inner, int cdim) {
        this.cl = cl;
        this.binary = kind != null;
        this.size = size;
        this.inner = inner;
        this.cdim = cdim;
        this.constant = constant == null ? null : cl.upload(constant);
        this.kernel = cl.kernel(SOURCES, (binary ? "-DOP=" + kind.kernelCode() : "-DOP=0") + KernelOptions.of(act),
                constant != null ? "binary_const_f32" : binary ? "binary_f32" : "activation_f32");
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        int total = n * size;
        if (constant != null) {
            Launch.args(kernel, inputs.get(0), constant, output, total, inner, cdim);
        } else if (binary) {
            Launch.args(kernel, inputs.get(0), inputs.get(1), output, total);
        } else {
            Launch.args(kernel, inputs.get(0), output, total);
        }
        return Launch.events(Launch.enqueue(cl, kernel, new long[] {Launch.roundUp(total, 64)}, new long[] {64}, profile));
    }

    @Override
    public String kernelName() {
        return constant != null ? "binary_const_f32" : binary ? "binary_f32" : "activation_f32";
    }

    @Override
    public void close() {
        Launch.release(kernel);
        if (constant != null) {
            cl.release(constant);
        }
    }
}
