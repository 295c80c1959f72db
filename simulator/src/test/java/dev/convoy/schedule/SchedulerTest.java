package dev.convoy.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zhang et al.'s design reproduced, and the roofline search's choices checked against fixed tilings. */
class SchedulerTest {
    /** AlexNet's conv layers per group of two, as Zhang et al. (FPGA 2015) used them. */
    static final List<ConvLayer> ALEXNET = List.of(
            ConvLayer.square("conv1", 3, 48, 55, 11, 4),
            ConvLayer.square("conv2", 48, 128, 27, 5, 1),
            ConvLayer.square("conv3", 256, 192, 13, 3, 1),
            ConvLayer.square("conv4", 192, 192, 13, 3, 1),
            ConvLayer.square("conv5", 192, 128, 13, 3, 1));

    @Test
    void zhangVc707CyclesEqualThePublishedFormula() {
        HardwareConfig vc707 = HardwareConfigs.load("zhang15-vc707");
        Plan p = Scheduler.plan("alexnet", ALEXNET, vc707, Tiling.parse("64x7"));
        // SIMULATION.md §1: cycles per group for ⟨Tm,Tn⟩ = ⟨64,7⟩, Tr = R, Tc = C, P = 20;
        // the published list gives conv1 without P (366,025), so conv1 here is 366,025 + 20.
        long[] expected = {366_025 + 20, 255_430, 171_051, 129_444, 86_296};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], p.layers().get(i).computeCycles(), ALEXNET.get(i).name());
        }
        assertEquals(366_025, new Roofline(ALEXNET.get(0), Tiling.parse("64x7").clip(ALEXNET.get(0)), 0).cycles());
        assertEquals(1_008_246 + 20, p.layers().stream().mapToLong(LayerPlan::computeCycles).sum());
    }

    @Test
    void searchBeatsOrMatchesTheFixedDesignAndFitsTheBuffers() {
        HardwareConfig vc707 = HardwareConfigs.load("zhang15-vc707");
        Plan fixed = Scheduler.plan("alexnet", ALEXNET, vc707, Tiling.parse("64x7"));
        Plan searched = Scheduler.plan("alexnet", ALEXNET, vc707, null);
        for (int i = 0; i < ALEXNET.size(); i++) {
            LayerPlan s = searched.layers().get(i), f = fixed.layers().get(i);
            assertTrue(s.attainableGops() >= f.attainableGops() - 1e-9, s.layer().name() + ": " + s.attainableGops() + " < " + f.attainableGops());
            assertTrue(s.tiling().tm() <= 64 && s.tiling().tn() <= 7);
            assertTrue(s.inputBytes() <= vc707.buffers().inputBytes() / 2 && s.weightBytes() <= vc707.buffers().weightBytes() / 2
                    && s.outputBytes() <= vc707.buffers().outputBytes() / 2);
        }
    }

    @Test
    void tilingLargerThanTheArrayIsABadInput() {
        HardwareConfig vc707 = HardwareConfigs.load("zhang15-vc707");
        assertThrows(BadInputException.class, () -> Scheduler.plan("alexnet", ALEXNET, vc707, Tiling.parse("128x7")));
        assertThrows(BadInputException.class, () -> Tiling.parse("64by7"));
        assertThrows(BadInputException.class, () -> Scheduler.plan("a", ALEXNET, HardwareConfigs.load("systolic:8x8:ws"), null));
    }
}
