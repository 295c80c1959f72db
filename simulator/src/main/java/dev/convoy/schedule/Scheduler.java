package dev.convoy.schedule;

import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Chooses each layer's tiling on a tiled PE array by the roofline method: among the tilings whose Tm·Tn
 * fits the array and whose tiles fit the buffers, the one with the highest attainable performance
 * (ties: fewer off-chip bytes, then fewer cycles). A fixed tiling reproduces a published design instead.
 */
public final class Scheduler {
    private Scheduler() {
    }

    /**
     * @param model  model name
     * @param layers the layers
     * @param hw     a tiled-array hardware configuration
     * @param fixed  a fixed tiling (Tr/Tc of {@code Integer.MAX_VALUE} = whole output), or null to search
     * @return the plan
     */
    public static Plan plan(String model, List<ConvLayer> layers, HardwareConfig hw, Tiling fixed) {
        if (hw.peArray() == null) {
            throw new BadInputException("hardware " + hw.name() + " is a systolic array; the tiled scheduler needs pe_array");
        }
        int fill = hw.peArray().pipelineDepth() - 1;
        List<LayerPlan> out = new ArrayList<>();
        for (ConvLayer l : layers) {
            Roofline best;
            if (fixed != null) {
                if (fixed.tm() > hw.peArray().lanes() || fixed.tn() > hw.peArray().vector()) {
                    throw new BadInputException("tiling " + fixed.tm() + "x" + fixed.tn() + " exceeds the " + hw.peArray().lanes()
                            + "x" + hw.peArray().vector() + " PE array of " + hw.name());
                }
                best = new Roofline(l, fixed.clip(l), fill);
            } else {
                best = search(l, hw, fill);
                if (best == null) {
                    throw new BadInputException("layer '" + l.name() + "': no tiling fits the buffers of " + hw.name());
                }
            }
            out.add(layerPlan(best, hw));
        }
        return new Plan(model, hw.name(), hw.clockMhz(), out);
    }

    static LayerPlan layerPlan(Roofline r, HardwareConfig hw) {
        long w = hw.wordBytes();
        double cr = r.computationalRoofGops(hw), mem = r.memoryRoofGops(hw);
        return new LayerPlan(r.layer(), r.tiling(), r.cycles(), r.inputWords() * w, r.weightWords() * w, r.outputWords() * w,
                r.dramWords() * w, cr, r.ctc() / w, Math.min(cr, mem), cr <= mem ? LayerPlan.Bound.COMPUTE : LayerPlan.Bound.MEMORY);
    }

    private static Roofline search(ConvLayer l, HardwareConfig hw, int fill) {
        Roofline best = null;
        int maxTm = Math.min(l.m(), hw.peArray().lanes()), maxTn = Math.min(l.n(), hw.peArray().vector());
        for (int tm = 1; tm <= maxTm; tm++) {
            if (tm != maxTm && ceil(l.m(), tm) == ceil(l.m(), tm + 1)) {
                continue; // a larger Tm with the same tile count is never worse
            }
            for (int tn = 1; tn <= maxTn; tn++) {
                if (tn != maxTn && ceil(l.n(), tn) == ceil(l.n(), tn + 1)) {
                    continue;
                }
                for (int tr : candidates(l.r())) {
                    for (int tc : candidates(l.c())) {
                        Roofline r = new Roofline(l, new Tiling(tm, tn, tr, tc), fill);
                        if (r.fits(hw) && better(r, best, hw)) {
                            best = r;
                        }
                    }
                }
            }
        }
        return best;
    }

    /** @return the tile sizes t for which ⌈n/t⌉ takes each of its values at its smallest t */
    private static TreeSet<Integer> candidates(int n) {
        TreeSet<Integer> c = new TreeSet<>();
        for (int count = 1; count <= n; count++) {
            c.add((int) ceil(n, count));
        }
        return c;
    }

    private static boolean better(Roofline a, Roofline b, HardwareConfig hw) {
        if (b == null) {
            return true;
        }
        double pa = a.attainableGops(hw), pb = b.attainableGops(hw);
        if (Math.abs(pa - pb) > 1e-9 * Math.max(pa, pb)) {
            return pa > pb;
        }
        if (a.dramWords() != b.dramWords()) {
            return a.dramWords() < b.dramWords();
        }
        return a.cycles() < b.cycles();
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
