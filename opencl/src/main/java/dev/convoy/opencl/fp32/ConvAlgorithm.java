package dev.convoy.opencl.fp32;

import dev.convoy.graph.Window;
import java.util.Locale;

/** How the fp32 backend computes a dense convolution; the tuning database records the faster per layer. */
public enum ConvAlgorithm {
    /** Implicit GEMM ({@code conv_gemm_f32.cl}): any geometry. */
    GEMM,
    /**
     * Winograd F(2×2, 3×3) ({@code winograd_f32.cl} around the GEMM): 3×3, stride 1, no dilation, one
     * group; 2.25× fewer multiplies, at the price of two transform passes over memory.
     */
    WINOGRAD;

    /** Channels below which the transforms cost more than the multiplies they save (no tuning entry). */
    private static final int WINOGRAD_MIN_CHANNELS = 64;

    /** @return whether Winograd F(2×2, 3×3) computes this layer */
    public static boolean winogradFits(ConvShape s, Window w) {
        return w.kernelH() == 3 && w.kernelW() == 3 && w.strideH() == 1 && w.strideW() == 1 && w.dilationH() == 1
                && w.dilationW() == 1 && s.groups() == 1 && s.oh() > 0 && s.ow() > 0;
    }

    /** @return the algorithm for a layer the tuning database does not know */
    static ConvAlgorithm heuristic(ConvShape s, Window w) {
        return winogradFits(s, w) && s.c() >= WINOGRAD_MIN_CHANNELS && s.m() >= WINOGRAD_MIN_CHANNELS ? WINOGRAD : GEMM;
    }

    /** @return the name in the tuning database */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key {@code gemm} or {@code winograd}
     * @return the algorithm
     * @throws IllegalArgumentException for anything else
     */
    public static ConvAlgorithm parse(String key) {
        for (ConvAlgorithm a : values()) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("algorithm '" + key + "': expected gemm or winograd");
    }
}
