package dev.convoy.schedule;

import dev.convoy.BadInputException;

/**
 * Tile sizes of the loop nest: Tm output maps × Tn input maps × Tr×Tc output pixels per tile.
 *
 * @param tm output-channel tile
 * @param tn input-channel tile
 * @param tr output-row tile
 * @param tc output-column tile
 */
public record Tiling(int tm, int tn, int tr, int tc) {
    /** Rejects non-positive tiles. */
    public Tiling {
        if (tm < 1 || tn < 1 || tr < 1 || tc < 1) {
            throw new IllegalArgumentException("tile sizes must be positive: " + tm + "x" + tn + "x" + tr + "x" + tc);
        }
    }

    /**
     * @param text {@code TmxTn} (Tr, Tc then cover the whole output) or {@code TmxTnxTrxTc}
     * @return the fixed tiling; 0 for Tr/Tc means "whole output"
     */
    public static Tiling parse(String text) {
        String[] p = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                return new Tiling(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.MAX_VALUE, Integer.MAX_VALUE);
            }
            if (p.length == 4) {
                return new Tiling(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(text + ": " + e.getMessage());
        }
        throw new BadInputException(text + ": expected TmxTn or TmxTnxTrxTc, e.g. 64x7");
    }

    /**
     * @param l a layer
     * @return this tiling clipped to the layer's dimensions
     */
    public Tiling clip(ConvLayer l) {
        return new Tiling(Math.min(tm, l.m()), Math.min(tn, l.n()), Math.min(tr, l.r()), Math.min(tc, l.c()));
    }

    @Override
    public String toString() {
        return tm + "x" + tn + "x" + tr + "x" + tc;
    }
}
