package dev.convoy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.hw.Dataflow;
import dev.convoy.hw.SystolicArray;
import dev.convoy.sim.compute.SystolicModel;
import org.junit.jupiter.api.Test;

/**
 * SCALE-Sim v2 figures for AlexNet conv1 (224×224×3, 11×11, 96 filters, stride 4) on a 32×32 array:
 * the repository's golden COMPUTE_REPORT (WS) and SIMULATION.md's hand checks (OS, IS).
 */
class SystolicModelTest {
    private static SystolicModel.Counts conv1(Dataflow df) {
        return SystolicModel.counts(224, 224, 11, 11, 3, 96, 4, new SystolicArray(32, 32, df));
    }

    @Test
    void weightStationaryMatchesTheGoldenReport() {
        SystolicModel.Counts c = conv1(Dataflow.WS);
        assertEquals(112_283, c.cycles());
        assertEquals(3_294_225, c.ifmapReads());
        assertEquals(34_848, c.filterReads());
        assertEquals(3_484_800, c.ofmapWrites());
        assertEquals(94.53125, 100 * c.mappingEfficiency(), 1e-9);
        assertEquals(90.78000992063485, 100 * c.computeUtil(), 1e-9);
        assertEquals(91.68309650614964, 100.0 * c.macs() / (c.cycles() * 32.0 * 32.0), 1e-9);
    }

    @Test
    void outputAndInputStationaryCycles() {
        assertEquals(121_124, conv1(Dataflow.OS).cycles());
        assertEquals(216_599, conv1(Dataflow.IS).cycles());
        assertEquals(308_640, conv1(Dataflow.OS).ofmapWrites()); // 290,400 outputs + 285 folds × (32 + 32)
    }
}
