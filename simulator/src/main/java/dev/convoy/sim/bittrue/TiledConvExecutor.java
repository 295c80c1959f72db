package dev.convoy.sim.bittrue;

import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Window;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.schedule.Tiling;
import dev.convoy.tensor.Shape;
import java.util.Map;

/**
 * Runs an integer convolution the way the tiled accelerator does: for each output tile (Tm maps × Tr×Tc
 * pixels) an accumulator buffer starts at the bias; input tiles of Tn maps are "loaded" (their size checked
 * against the input buffer) and multiply-accumulated in 64 bits; the finished tile is requantized with the
 * reference's output stage and stored. Every output element must be written exactly once.
 */
public final class TiledConvExecutor implements IntegerBackend.ConvExecutor {
    private final Map<String, Tiling> tilings;
    private final HardwareConfig hw;
    private long macs;

    /**
     * @param tilings per layer name, the Plan's tiles
     * @param hw      the hardware (buffer sizes, word size)
     */
    public TiledConvExecutor(Map<String, Tiling> tilings, HardwareConfig hw) {
        this.tilings = tilings;
        this.hw = hw;
    }

    /** @return multiply-accumulates executed so far */
    public long macs() {
        return macs;
    }

    private static Shape image(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1, 1) : s;
    }

    @Override
    public int[] run(QNode node, QLayer.QConv conv, int[] x, Shape inShape, Shape outShape, int n) {
        Tiling t = tilings.get(node.name());
        if (t == null) {
            throw new IllegalStateException("layer '" + node.name() + "' has no tiling in the plan");
        }
        Shape in = image(inShape), out = image(outShape);
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int m = conv.outChannels(), oh = out.dim(1), ow = out.dim(2);
        int groups = conv.groups(), cg = c / groups, mg = m / groups;
        Window win = conv.window();
        int kh = win.kernelH(), kw = win.kernelW(), s = win.strideH();
        int tm = Math.min(t.tm(), mg), tn = Math.min(t.tn(), cg), tr = Math.min(t.tr(), oh), tc = Math.min(t.tc(), ow);
        checkBuffers(node, tm, tn, tr, tc, kh, kw, s);
        int zp = conv.inputZeroPoint();
        int[] wt = conv.weight();
        int[] y = new int[n * m * oh * ow];
        byte[] writes = new byte[y.length];
        long[] acc = new long[tm * tr * tc];
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                for (int m0 = 0; m0 < mg; m0 += tm) {
                    int mt = Math.min(tm, mg - m0);
                    for (int r0 = 0; r0 < oh; r0 += tr) {
                        int rt = Math.min(tr, oh - r0);
                        for (int c0 = 0; c0 < ow; c0 += tc) {
                            int ct = Math.min(tc, ow - c0);
                            for (int mm = 0; mm < mt; mm++) {
                                java.util.Arrays.fill(acc, mm * tr * tc, (mm + 1) * tr * tc, conv.bias()[g * mg + m0 + mm]);
                            }
                            for (int n0 = 0; n0 < cg; n0 += tn) {
                                int nt = Math.min(tn, cg - n0);
                                for (int mm = 0; mm < mt; mm++) {
                                    int oc = g * mg + m0 + mm;
                                    for (int nn = 0; nn < nt; nn++) {
                                        int ic = n0 + nn;
                                        int plane = (b * c + g * cg + ic) * h * w;
                                        for (int ky = 0; ky < kh; ky++) {
                                            for (int kx = 0; kx < kw; kx++) {
                                                long wv = wt[((oc * cg + ic) * kh + ky) * kw + kx];
                                                for (int rr = 0; rr < rt; rr++) {
                                                    int iy = (r0 + rr) * s - win.padding().top() + ky * win.dilationH();
                                                    if (iy < 0 || iy >= h) {
                                                        continue;
                                                    }
                                                    for (int cc = 0; cc < ct; cc++) {
                                                        int ix = (c0 + cc) * win.strideW() - win.padding().left() + kx * win.dilationW();
                                                        if (ix >= 0 && ix < w) {
                                                            acc[(mm * tr + rr) * tc + cc] += wv * (x[plane + iy * w + ix] - zp);
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                                macs += (long) mt * nt * rt * ct * kh * kw;
                            }
                            for (int mm = 0; mm < mt; mm++) {
                                int oc = g * mg + m0 + mm;
                                for (int rr = 0; rr < rt; rr++) {
                                    for (int cc = 0; cc < ct; cc++) {
                                        int idx = ((b * m + oc) * oh + r0 + rr) * ow + c0 + cc;
                                        y[idx] = conv.out().apply(acc[(mm * tr + rr) * tc + cc], oc);
                                        writes[idx]++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < writes.length; i++) {
            if (writes[i] != 1) {
                throw new IllegalStateException("layer '" + node.name() + "': output element " + i + " written " + writes[i] + " times");
            }
        }
        return y;
    }

    private void checkBuffers(QNode node, int tm, int tn, int tr, int tc, int kh, int kw, int s) {
        long word = hw.wordBytes();
        long in = (long) tn * (s * tr + kh - s) * (s * tc + kw - s) * word;
        long wt = (long) tm * tn * kh * kw * word;
        long out = (long) tm * tr * tc * word;
        var buf = hw.buffers();
        if (in > buf.usable(buf.inputBytes()) || wt > buf.usable(buf.weightBytes()) || out > buf.usable(buf.outputBytes())) {
            throw new IllegalStateException("layer '" + node.name() + "': tile " + tm + "x" + tn + "x" + tr + "x" + tc
                    + " overflows the buffers of " + hw.name() + " (" + in + ", " + wt + ", " + out + " bytes)");
        }
    }
}
