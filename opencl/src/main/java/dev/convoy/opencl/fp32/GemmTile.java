package dev.convoy.opencl.fp32;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tile of {@code conv_gemm_f32.cl}: a work-group computes {@code tm × tn} outputs (output channels ×
 * output pixels of the batch) in steps of {@code tk} along the reduction, each work-item {@code rm × rn}
 * of them in registers. The same parameters as the scheduler's Tm / Tr·Tc tiles, sized for a GPU's local
 * memory instead of an FPGA's BRAM.
 *
 * @param tm output channels per work-group
 * @param tn output columns (sample, y, x) per work-group
 * @param tk reduction depth per local-memory step
 * @param rm output channels per work-item
 * @param rn output columns per work-item
 */
public record GemmTile(int tm, int tn, int tk, int rm, int rn) {
    /** Checks the divisibility the kernel's cooperative loads rely on. */
    public GemmTile {
        if (tm <= 0 || tn <= 0 || tk <= 0 || rm <= 0 || rn <= 0 || tm % rm != 0 || tn % rn != 0) {
            throw new IllegalArgumentException("tile " + tm + "x" + tn + "x" + tk + "/" + rm + "x" + rn
                    + ": sizes must be positive and TM, TN multiples of RM, RN");
        }
        int wg = (tm / rm) * (tn / rn);
        if (wg % tn != 0 || (tk * tn) % wg != 0 || (tk * tm) % wg != 0) {
            throw new IllegalArgumentException("tile " + tm + "x" + tn + "x" + tk + "/" + rm + "x" + rn
                    + ": the work-group (" + wg + ") must be a multiple of TN and divide TK·TN and TK·TM");
        }
    }

    /** @return work-items per work-group */
    public int workGroup() {
        return (tm / rm) * (tn / rn);
    }

    /** @return local memory the tile uses, bytes: two TK steps of A and B (one multiplied, one loading) */
    public long localBytes() {
        return 2L * 4 * tk * (tm + tn);
    }

    /** @return the kernel's -D options */
    public String options() {
        return String.format(Locale.ROOT, " -DTM=%d -DTN=%d -DTK=%d -DRM=%d -DRN=%d", tm, tn, tk, rm, rn);
    }

    /**
     * @param text {@code TMxTNxTK/RMxRN}, e.g. {@code 64x64x16/4x4}
     * @return the tile
     * @throws IllegalArgumentException when malformed or inconsistent
     */
    public static GemmTile parse(String text) {
        String[] parts = text.trim().split("[x/]");
        if (parts.length != 5) {
            throw new IllegalArgumentException("tile '" + text + "': expected TMxTNxTK/RMxRN, e.g. 64x64x16/4x4");
        }
        int[] v = new int[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tile '" + text + "': '" + parts[i] + "' is not a number");
            }
        }
        return new GemmTile(v[0], v[1], v[2], v[3], v[4]);
    }

    @Override
    public String toString() {
        return tm + "x" + tn + "x" + tk + "/" + rm + "x" + rn;
    }

    /** @return the tiles the tuner tries, small to large */
    public static List<GemmTile> candidates() {
        List<GemmTile> out = new ArrayList<>();
        out.add(new GemmTile(16, 64, 16, 2, 4));
        out.add(new GemmTile(32, 32, 16, 4, 4));
        out.add(new GemmTile(32, 64, 16, 4, 4));
        out.add(new GemmTile(64, 32, 16, 4, 4));
        out.add(new GemmTile(64, 64, 16, 4, 4));
        out.add(new GemmTile(64, 64, 8, 4, 4));
        out.add(new GemmTile(64, 128, 8, 4, 8));
        out.add(new GemmTile(128, 64, 8, 8, 4));
        out.add(new GemmTile(64, 128, 16, 4, 8));
        out.add(new GemmTile(128, 64, 16, 8, 4));
        out.add(new GemmTile(64, 64, 16, 8, 8));
        out.add(new GemmTile(64, 128, 16, 8, 8));
        out.add(new GemmTile(128, 64, 16, 8, 8));
        out.add(new GemmTile(128, 128, 8, 8, 8));
        out.add(new GemmTile(128, 128, 16, 8, 8));
        return out;
    }

    /**
     * The tile used when the tuning database has none for a layer: large tiles when the layer has the work
     * to fill them, smaller ones so that small layers still spread over the compute units.
     *
     * @param channels output channels per group (GEMM rows)
     * @param columns  output pixels of the batch (GEMM columns)
     * @return the tile
     */
    public static GemmTile heuristic(int channels, long columns) {
        if (channels <= 16) {
            return new GemmTile(16, 64, 16, 2, 4);
        }
        if (channels >= 128 && columns >= 16384) {
            return new GemmTile(128, 128, 8, 8, 8);
        }
        if (channels >= 64 && columns >= 4096) {
            return new GemmTile(64, 64, 16, 4, 4);
        }
        return new GemmTile(32, 32, 16, 4, 4);
    }

    /** @return the next smaller tile to retry with after an out-of-resources failure, or null */
    public GemmTile smaller() {
        if (tm >= 64 || tn >= 64) {
            return new GemmTile(32, 32, 16, 4, 4);
        }
        if (tm > 16 || tn > 16 || rm > 1 || rn > 1) {
            return new GemmTile(16, 16, 16, 2, 2);
        }
        return null;
    }
}
