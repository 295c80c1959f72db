package dev.convoy.opencl.runtime;

import dev.convoy.graph.Activation;
import java.util.Locale;

/**
 * The -D options the kernels share: a convolution window's geometry, and activation_f32.cl's fused
 * activation with floats as exact hexadecimal C literals.
 */
public final class KernelOptions {
    private KernelOptions() {
    }

    /** @return KH, KW, SH, SW, DH, DW, PT, PL of the window */
    public static String geometry(dev.convoy.graph.Window win) {
        return String.format(Locale.ROOT, "-DKH=%d -DKW=%d -DSH=%d -DSW=%d -DDH=%d -DDW=%d -DPT=%d -DPL=%d",
                win.kernelH(), win.kernelW(), win.strideH(), win.strideW(), win.dilationH(), win.dilationW(),
                win.padding().top(), win.padding().left());
    }

    /** @return the options, or null when the kernels have no form of this activation */
    public static String of(Activation a) {
        if (a == null || a instanceof Activation.Linear) {
            return " -DACT=0";
        } else if (a instanceof Activation.Relu) {
            return " -DACT=1";
        } else if (a instanceof Activation.Clip c) {
            return String.format(Locale.ROOT, " -DACT=2 -DACT_MIN=%s -DACT_MAX=%s", literal(c.min()), literal(c.max()));
        } else if (a instanceof Activation.LeakyRelu l) {
            return String.format(Locale.ROOT, " -DACT=3 -DACT_ALPHA=%s", literal(l.alpha()));
        } else if (a instanceof Activation.Sigmoid) {
            return " -DACT=4";
        }
        return null;
    }

    private static String literal(float f) {
        if (Float.isInfinite(f)) {
            return f > 0 ? "(INFINITY)" : "(-INFINITY)";
        }
        return Float.toHexString(f) + "f";
    }
}
