package dev.convoy.opencl.fp32;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
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
     * @param s one sample's convolution
     * @param w the window
     * @return the signature
     */
    public static ConvSignature of(ConvShape s, Window w) {
        return new ConvSignature(String.format(Locale.ROOT, "c%dh%dw%d-m%do%dx%d-k%dx%ds%dx%dd%dx%dp%dx%d-g%d",
                s.c(), s.h(), s.w(), s.m(), s.oh(), s.ow(), w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                w.dilationH(), w.dilationW(), w.padding().top(), w.padding().left(), s.groups()));
    }

    /**
     * @param conv a convolution
     * @param in   its per-sample input shape [C, H, W]
     * @param out  its per-sample output shape
     * @return the signature
     */
    public static ConvSignature of(Conv conv, Shape in, Shape out) {
        return of(ConvShape.of(conv, in, out), conv.window());
    }

    @Override
    public String toString() {
        return text;
    }
}
