package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Window;
import java.util.List;
import java.util.function.Consumer;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A convolution or fully-connected layer on {@code conv_gemm_f32.cl}. The tile comes from the tuning
 * database or {@link GemmTile#heuristic}; when the device cannot run it (work-group larger than the
 * compiled kernel allows, local memory, or CL_OUT_OF_RESOURCES at launch) the layer retries with
 * {@link GemmTile#smaller()} and says so through the log.
 */
final class GemmConvLayer implements DeviceLayer {
    private static final String[] SOURCES = {"geometry.cl", "activation_f32.cl", "conv_gemm_f32.cl"};
    private final OpenClContext cl;
    private final String name;
    private final String geometry;
    private final Consumer<String> log;
    private final cl_mem weight;
    private final cl_mem bias;
    private final ConvShape shape;
    private GemmTile tile;
    private cl_kernel kernel;

    /** @param shape one sample's convolution */
    GemmConvLayer(OpenClContext cl, String name, float[] weights, float[] biases, Window win, Activation act,
                  ConvShape shape, GemmTile tile, Consumer<String> log) {
        this.cl = cl;
        this.name = name;
        this.log = log;
        this.shape = shape;
        this.geometry = KernelOptions.geometry(win) + KernelOptions.of(act);
        this.weight = cl.upload(transposed(weights, shape.m(), shape.groups()));
        this.bias = cl.upload(biases == null ? new float[shape.m()] : biases);
        this.tile = tile;
        build();
    }

    /**
     * @param w weights [M][K] (K = input channels per group · kernel taps)
     * @return the same weights as [group][K][M/groups], the layout the kernel reads coalesced
     */
    static float[] transposed(float[] w, int m, int groups) {
        int k = w.length / m, mg = m / groups;
        float[] t = new float[w.length];
        for (int g = 0; g < groups; g++) {
            for (int r = 0; r < mg; r++) {
                for (int c = 0; c < k; c++) {
                    t[(g * k + c) * mg + r] = w[(g * mg + r) * k + c];
                }
            }
        }
        return t;
    }

    /** Builds the kernel for the current tile, stepping down while the device cannot take it. */
    private void build() {
        while (true) {
            String why = null;
            try {
                if (tile.localBytes() > cl.device().localMemBytes()) {
                    why = tile.localBytes() + " bytes of local memory, the device has " + cl.device().localMemBytes();
                } else {
                    kernel = cl.kernel(SOURCES, geometry + tile.options(), "conv_gemm_f32");
                    long[] max = new long[1];
                    CL.clGetKernelWorkGroupInfo(kernel, cl.deviceId(), CL.CL_KERNEL_WORK_GROUP_SIZE, 8, Pointer.to(max), null);
                    if (max[0] >= tile.workGroup() && tile.workGroup() <= cl.device().maxWorkGroupSize()) {
                        return;
                    }
                    why = "a work-group of " + tile.workGroup() + ", the kernel allows " + Math.min(max[0], cl.device().maxWorkGroupSize());
                    Launch.release(kernel);
                    kernel = null;
                }
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_OUT_OF_RESOURCES) {
                    throw e;
                }
                why = "CL_OUT_OF_RESOURCES while building";
            }
            stepDown(why);
        }
    }

    private void stepDown(String why) {
        GemmTile next = tile.smaller();
        if (next == null) {
            throw new IllegalStateException("layer '" + name + "': no tile fits " + cl.device().name() + " (" + why + ")");
        }
        log.accept("layer '" + name + "': tile " + tile + " needs " + why + "; retrying with " + next);
        tile = next;
    }

    /** @return the tile in use */
    GemmTile tile() {
        return tile;
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem output, int n, boolean profile) {
        int mg = shape.m() / shape.groups();
        int columns = n * shape.oh() * shape.ow();
        while (true) {
            Launch.args(kernel, inputs.get(0), weight, bias, output, shape.c(), shape.h(), shape.w(), shape.m(), shape.oh(), shape.ow(),
                    shape.groups(), columns);
            long[] local = {tile.tn() / tile.rn(), tile.tm() / tile.rm(), 1};
            long[] global = {Launch.roundUp(columns, tile.tn()) / tile.tn() * local[0],
                Launch.roundUp(mg, tile.tm()) / tile.tm() * local[1], shape.groups()};
            try {
                return Launch.events(Launch.enqueue(cl, kernel, global, local, profile));
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_OUT_OF_RESOURCES && e.getStatus() != CL.CL_INVALID_WORK_GROUP_SIZE) {
                    throw e;
                }
                Launch.release(kernel);
                kernel = null;
                stepDown(CL.stringFor_errorCode(e.getStatus()) + " at launch");
                build();
            }
        }
    }

    @Override
    public String kernelName() {
        return "conv_gemm_f32 " + tile;
    }

    @Override
    public void close() {
        if (kernel != null) {
            Launch.release(kernel);
        }
        cl.release(weight);
        cl.release(bias);
    }
}
