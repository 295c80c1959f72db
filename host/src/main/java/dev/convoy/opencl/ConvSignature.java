package dev.convoy.opencl;

import dev.convoy.graph.Padding;
import dev.convoy.graph.Window;
import java.util.Locale;

/**
 * What identifies a convolution for tuning: shapes and geometry, not weights. Layers with the same
 * signature (ResNet repeats them) share one tuned tile.
 *
 * @param text e.g. {@code c64h56w56-m64o56x56-k3x3s1x1d1x1p1x1-g1}
 */
public record ConvSignature(String text) {
    /** The window of a fully-connected layer run as a 1×1 convolution. */
    public static final Window POINTWISE = new Window(1, 1, 1, 1, 1, 1, new Padding(0, 0, 0, 0), false);

    /**
     * @param shape {C, H, W, M, OH, OW, groups} of one sample
     * @param w     the window
     * @return the signature
     */
    public static ConvSignature of(int[] shape, Window w) {
        return new ConvSignature(String.format(Locale.ROOT, "c%dh%dw%d-m%do%dx%d-k%dx%ds%dx%dd%dx%dp%dx%d-g%d",
                shape[0], shape[1], shape[2], shape[3], shape[4], shape[5], w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                w.dilationH(), w.dilationW(), w.padding().top(), w.padding().left(), shape[6]));
    }

    @Override
    public String toString() {
        return text;
    }
}
