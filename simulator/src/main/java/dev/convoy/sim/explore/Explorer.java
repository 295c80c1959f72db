package dev.convoy.sim.explore;

import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.TiledArray;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.Simulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** Sweeps lanes × vector on a tiled-array configuration and finds the Pareto-optimal designs. */
public final class Explorer {
    private Explorer() {
    }

    /**
     * @param spec e.g. {@code 4..64} (every integer) or {@code 4,8,16}
     * @param name the swept parameter, for messages
     * @return the values
     */
    public static List<Integer> values(String spec, String name) {
        List<Integer> v = new ArrayList<>();
        try {
            if (spec.contains("..")) {
                String[] p = spec.split("\\.\\.");
                int lo = Integer.parseInt(p[0].trim()), hi = Integer.parseInt(p[1].trim());
                if (lo < 1 || hi < lo || hi - lo > 4096) {
                    throw new BadInputException(name + "=" + spec + ": need 1 ≤ from ≤ to, at most 4096 values");
                }
                for (int i = lo; i <= hi; i++) {
                    v.add(i);
                }
            } else {
                for (String s : spec.split("[;|]")) {
                    v.add(Integer.parseInt(s.trim()));
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new BadInputException(name + "=" + spec + ": expected FROM..TO or a list of integers");
        }
        for (int x : v) {
            if (x < 1 || x > TiledArray.MAX_SIDE) {
                throw new BadInputException(name + "=" + spec + ": " + x + " is outside [1, " + TiledArray.MAX_SIDE + "]");
            }
        }
        if (new java.util.HashSet<>(v).size() != v.size()) {
            throw new BadInputException(name + "=" + spec + ": a value is listed twice");
        }
        return v;
    }

    /**
     * @param layers  the network's layers
     * @param base    the hardware to vary (must be a tiled array)
     * @param lanes   lane counts to try
     * @param vectors vector widths to try
     * @return every feasible design, Pareto flags set, sorted by PEs then latency
     */
    public static List<DesignPoint> sweep(List<ConvLayer> layers, HardwareConfig base, List<Integer> lanes, List<Integer> vectors) {
        if (base.peArray() == null) {
            throw new BadInputException("explore sweeps a tiled PE array; " + base.name() + " is systolic");
        }
        List<int[]> designs = new ArrayList<>();
        for (int l : lanes) {
            for (int v : vectors) {
                designs.add(new int[] {l, v});
            }
        }
        // designs are independent: simulated in parallel, collected in sweep order (the result does not depend on threads)
        List<DesignPoint> points = new ArrayList<>(designs.parallelStream().map(d -> simulate(layers, base, d[0], d[1]))
                .filter(java.util.Objects::nonNull).toList());
        points = flag(points, DesignPoint::pes, true);
        points = flag(points, DesignPoint::onChipBytes, false);
        points.sort(Comparator.comparingInt(DesignPoint::pes).thenComparingDouble(DesignPoint::latencyMs));
        return points;
    }

    /** @return the design's point, or null when its buffers cannot hold the smallest tile of some layer */
    private static DesignPoint simulate(List<ConvLayer> layers, HardwareConfig base, int l, int v) {
        HardwareConfig hw;
        try {
            hw = new HardwareConfig(base.name() + "-" + l + "x" + v, base.kind(), base.clockMhz(), base.wordBytes(),
                    new TiledArray(l, v, base.peArray().pipelineDepth(), base.peArray().poolBesideConv()), null, base.buffers(), base.dram(),
                    base.source());
        } catch (IllegalArgumentException e) {
            return null; // the buffers cannot hold this array's smallest tile
        }
        SimulationReport r;
        try {
            r = Simulator.timing("sweep", layers, hw, null);
        } catch (BadInputException e) {
            return null; // some layer has no tiling that fits
        }
        long onChip = r.layers().stream().mapToLong(LayerReport::onChipBytes).max().orElse(0);
        return new DesignPoint(l, v, l * v, onChip, r.totalCycles(), r.latencyMs(), false, false);
    }

    /** Marks the points no other point beats on both cost and latency. */
    private static List<DesignPoint> flag(List<DesignPoint> points, ToLongFunction<DesignPoint> cost, boolean pes) {
        List<DesignPoint> out = new ArrayList<>();
        for (DesignPoint p : points) {
            boolean dominated = false;
            for (DesignPoint q : points) {
                long cq = cost.applyAsLong(q), cp = cost.applyAsLong(p);
                if (cq <= cp && q.cycles() <= p.cycles() && (cq < cp || q.cycles() < p.cycles())) {
                    dominated = true;
                    break;
                }
            }
            out.add(pes ? new DesignPoint(p.lanes(), p.vector(), p.pes(), p.onChipBytes(), p.cycles(), p.latencyMs(), !dominated, p.paretoBytes())
                    : new DesignPoint(p.lanes(), p.vector(), p.pes(), p.onChipBytes(), p.cycles(), p.latencyMs(), p.paretoPes(), !dominated));
        }
        return out;
    }
}
