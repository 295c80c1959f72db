package dev.convoy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.Networks;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.report.SimulationReport;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * The hardware-config loader under fuzzing, seeded with the shipped presets: every document is refused in one
 * line or gives a configuration whose derived quantities are finite and positive, and on which the simulator
 * gives non-negative cycles and a finite latency (a config that loads must never rank as an impossible design).
 */
class HardwareConfigFuzzTest {
    private static final List<ConvLayer> CONV2 = List.of(Networks.alexnet(1).get(1));

    @FuzzTest(maxDuration = "20s")
    void yaml(byte[] bytes) {
        Expect.goodOrBadInput(() -> check(HardwareConfigs.parse(new ByteArrayInputStream(bytes), "fuzz.yaml")));
    }

    @FuzzTest(maxDuration = "20s")
    void systolicSpec(String spec) {
        Expect.goodOrBadInput(() -> check(HardwareConfigs.load("systolic:" + spec)));
    }

    private static void check(HardwareConfig c) {
        double bytesPerCycle = c.dram().bytesPerCycle(c.clockMhz());
        if (!(c.peakGops() > 0 && Double.isFinite(c.peakGops()) && bytesPerCycle > 0 && Double.isFinite(bytesPerCycle))) {
            throw new AssertionError("derived quantities out of range: " + c);
        }
        try {
            SimulationReport r = Simulator.timing("fuzz", CONV2, c, null);
            if (r.totalCycles() < 0 || !(r.latencyMs() >= 0) || !Double.isFinite(r.latencyMs())) {
                throw new AssertionError("cycles " + r.totalCycles() + ", latency " + r.latencyMs() + " ms on " + c);
            }
        } catch (dev.convoy.BadInputException noTilingFits) {
            // a board whose buffers hold no tiling of this layer: refused in one line, as for a real model
            Expect.goodOrBadInput(() -> {
                throw noTilingFits;
            });
        }
    }
}
