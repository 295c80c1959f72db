package dev.convoy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.explore.DesignPoint;
import dev.convoy.sim.explore.Explorer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pareto fronts are exactly the non-dominated designs. */
class ExplorerTest {
    private static final List<ConvLayer> ALEXNET = List.of(
            ConvLayer.square("conv1", 3, 48, 55, 11, 4), ConvLayer.square("conv2", 48, 128, 27, 5, 1),
            ConvLayer.square("conv3", 256, 192, 13, 3, 1), ConvLayer.square("conv4", 192, 192, 13, 3, 1),
            ConvLayer.square("conv5", 192, 128, 13, 3, 1));

    private static boolean dominates(DesignPoint q, DesignPoint p, boolean pes) {
        long cq = pes ? q.pes() : q.onChipBytes(), cp = pes ? p.pes() : p.onChipBytes();
        return cq <= cp && q.cycles() <= p.cycles() && (cq < cp || q.cycles() < p.cycles());
    }

    @Test
    void paretoFlagsMarkExactlyTheNonDominatedDesigns() {
        List<DesignPoint> pts = Explorer.sweep(ALEXNET, HardwareConfigs.load("zhang15-vc707"), Explorer.values("8..32", "lanes"),
                Explorer.values("2;4;7;8", "vector"));
        assertEquals(25 * 4, pts.size());
        for (boolean pes : new boolean[] {true, false}) {
            for (DesignPoint p : pts) {
                boolean dominated = pts.stream().anyMatch(q -> dominates(q, p, pes));
                assertEquals(!dominated, pes ? p.paretoPes() : p.paretoBytes(), p.toString());
            }
        }
        // more PEs never hurt on this compute-bound network: the largest array is on the PE front
        DesignPoint biggest = pts.stream().max(java.util.Comparator.comparingInt(DesignPoint::pes)
                .thenComparing(java.util.Comparator.comparingLong(DesignPoint::cycles).reversed())).orElseThrow();
        assertTrue(pts.stream().filter(DesignPoint::paretoPes).anyMatch(p -> p.pes() == biggest.pes()));
    }
}
