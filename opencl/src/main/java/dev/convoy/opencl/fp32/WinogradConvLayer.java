package dev.convoy.opencl.fp32;

import dev.convoy.opencl.runtime.BufferPool;
import dev.convoy.opencl.runtime.DeviceLayer;
import dev.convoy.opencl.runtime.KernelOptions;
import dev.convoy.opencl.runtime.Launch;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A 3×3 stride-1 convolution as Winograd F(2×2, 3×3) ({@code winograd_f32.cl}): input transform, the 16
 * tile-position GEMMs as one 16-group 1×1 {@link GemmConvLayer} on the transformed filters, output
 * transform with bias and activation. The two intermediate tensors come from the activation pool for the
 * duration of one batch.
 */
final class WinogradConvLayer implements DeviceLayer {
    private static final String[] SOURCES = {"geometry.cl", "activation_f32.cl", "winograd_f32.cl"};
    private final OpenClContext cl;
    private final BufferPool pool;
    private final ConvShape shape;
    private final int th;
    private final int tw;
    private final GemmConvLayer products;
    private final cl_kernel input;
    private final cl_kernel output;
    private final cl_mem bias;

    /**
     * @param weights [M][C][3][3]
     * @param biases  [M], or null
     * @param tile    the tile of the 16-group GEMM
     */
    WinogradConvLayer(OpenClContext cl, BufferPool pool, String name, float[] weights, float[] biases, Window win, Activation act,
                      ConvShape shape, GemmTile tile, Consumer<String> log) {
        this.cl = cl;
        this.pool = pool;
        this.shape = shape;
        this.th = (shape.oh() + 1) / 2;
        this.tw = (shape.ow() + 1) / 2;
        int tiles = th * tw;
        ConvShape gemm = new ConvShape(16 * shape.c(), tiles, 1, 16 * shape.m(), tiles, 1, 16);
        this.products = new GemmConvLayer(cl, name, transformedFilters(weights, shape.m(), shape.c()), null, ConvSignature.POINTWISE,
                Activation.NONE, gemm, tile, log);
        String options = KernelOptions.geometry(win) + KernelOptions.of(act);
        this.input = cl.kernel(SOURCES, options, "winograd_input");
        this.output = cl.kernel(SOURCES, options, "winograd_output");
        this.bias = cl.upload(biases == null ? new float[shape.m()] : biases);
    }

    /**
     * U = G g Gᵀ for every (output, input) channel pair, G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], computed in
     * double and rounded once.
     *
     * @return [ξ][m][c], ξ = 4·row + column of U
     */
    static float[] transformedFilters(float[] w, int m, int c) {
        double[][] g = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
        float[] u = new float[16 * m * c];
        for (int o = 0; o < m; o++) {
            for (int i = 0; i < c; i++) {
                int base = (o * c + i) * 9;
                for (int r = 0; r < 4; r++) {
                    for (int s = 0; s < 4; s++) {
                        double sum = 0;
                        for (int a = 0; a < 3; a++) {
                            for (int b = 0; b < 3; b++) {
                                sum += g[r][a] * w[base + a * 3 + b] * g[s][b];
                            }
                        }
                        u[((r * 4 + s) * m + o) * c + i] = (float) sum;
                    }
                }
            }
        }
        return u;
    }

    /** @return the tile of the GEMM stage */
    GemmTile tile() {
        return products.tile();
    }

    @Override
    public List<cl_event> enqueue(List<cl_mem> inputs, cl_mem out, int n, boolean profile) {
        int tiles = th * tw;
        cl_mem v = pool.acquire(4L * n * 16 * shape.c() * tiles);
        cl_mem m = pool.acquire(4L * n * 16 * shape.m() * tiles);
        List<cl_event> events = new ArrayList<>();
        Launch.args(input, inputs.get(0), v, shape.c(), shape.h(), shape.w(), th, tw);
        events.addAll(Launch.events(Launch.enqueue(cl, input, new long[] {Launch.roundUp(tiles, 64), shape.c(), n},
                new long[] {64, 1, 1}, profile)));
        events.addAll(products.enqueue(List.of(v), m, n, profile));
        Launch.args(output, m, bias, out, shape.m(), shape.oh(), shape.ow(), th, tw);
        events.addAll(Launch.events(Launch.enqueue(cl, output, new long[] {Launch.roundUp(tiles, 64), shape.m(), n},
                new long[] {64, 1, 1}, profile)));
        pool.give(v); // the queue is in order: whatever takes these next runs after the kernels above
        pool.give(m);
        return events;
    }

    @Override
    public String kernelName() {
        return "winograd_f32 F(2x2,3x3) + conv_gemm_f32 " + products.tile();
    }

    @Override
    public void close() {
        products.close();
        Launch.release(input);
        Launch.release(output);
        cl.release(bias);
    }
}
