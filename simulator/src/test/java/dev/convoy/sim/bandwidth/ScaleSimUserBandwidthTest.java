package dev.convoy.sim.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.hw.Dataflow;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.hw.SystolicArray;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.compute.SystolicModel;
import dev.convoy.sim.report.LayerReport;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SCALE-Sim v2's user-bandwidth mode, against the golden runs in its repository
 * (scalesim-project/scale-sim-v2, test/general/golden_trace_user_{ws,os,is}, made by test/general/scripts/
 * diff_user_*.sh): the GEMM layer of topologies/GEMM_mnk/test_mnk_input.csv (ifmap 256 × 256, 128 filters) on a
 * 32 × 32 array, 64 KiB SRAMs, {@code InterfaceBandwidth: USER} at 10 words per cycle. Expected values are copied
 * from the golden COMPUTE_REPORT.csv and DETAILED_ACCESS_REPORT.csv and from the first column (served cycle) of
 * the golden IFMAP_SRAM_TRACE.csv rows named; tolerance zero, since the model replays SCALE-Sim's arithmetic.
 */
class ScaleSimUserBandwidthTest {
    private static final int KIB64 = 65536;

    private static InterfaceBandwidthModel.Run gemm(Dataflow df, Map<Long, Long> ifmapServed) {
        OperandAddresses ops = OperandAddresses.conv(256, 256, 1, 256, 1, 128, 1, 1);
        return InterfaceBandwidthModel.run(ops, new SystolicArray(32, 32, df, 10), KIB64, KIB64, KIB64, 10,
                (row, cycle, ifmap, filter, ofmap) -> ifmapServed.put(row, ifmap));
    }

    private static void check(Dataflow df, long cycles, long stalls, long ifmapDram, long filterDram, long ofmapDram, long[][] trace) {
        Map<Long, Long> served = new HashMap<>();
        InterfaceBandwidthModel.Run r = gemm(df, served);
        assertEquals(cycles, r.cycles(), df + " total cycles");
        assertEquals(stalls, r.stallCycles(), df + " stall cycles");
        assertEquals(ifmapDram, r.ifmapDramWords(), df + " DRAM IFMAP reads");
        assertEquals(filterDram, r.filterDramWords(), df + " DRAM filter reads");
        assertEquals(ofmapDram, r.ofmapDramWords(), df + " DRAM OFMAP writes");
        for (long[] rowServed : trace) {
            assertEquals(rowServed[1], served.get(rowServed[0]), df + " IFMAP SRAM trace row " + rowServed[0]);
        }
    }

    @Test
    void weightStationaryStallsAsTheGoldenRun() {
        // trace rows 1431-1448: the ifmap SRAM waits 2,556 cycles at row 1432 and 3,968 at row 1448
        check(Dataflow.WS, 52_447, 41_248, 524_320, 32_770, 262_175,
                new long[][] {{32, 33}, {1431, 5276}, {1432, 7833}, {1433, 7834}, {1447, 7848}, {1448, 11_817}});
    }

    @Test
    void outputStationaryStallsAsTheGoldenRun() {
        check(Dataflow.OS, 52_447, 42_272, 524_320, 32_770, 32_768, new long[][] {{0, 1}, {1338, 11_963}, {1339, 11_964}});
    }

    @Test
    void inputStationaryStallsAsTheGoldenRun() {
        // row 7135 is served at 6,555, before it is issued: SCALE-Sim pulls a request back to the end of a prefetch
        // that landed early; row 7169 waits 1,278 cycles for the ofmap SRAM's drain
        check(Dataflow.IS, 19_984, 5_777, 131_080, 32_770, 262_157,
                new long[][] {{0, 1}, {7134, 7135}, {7135, 6555}, {7136, 7137}, {7168, 7169}, {7169, 8447}});
    }

    @Test
    void aGemmLayerThroughTheSimulatorIsTheSameRun() {
        // Convoy's form of the layer (a fully-connected layer: 256 rows × 256 inputs → 128 outputs) addresses its
        // operands as SCALE-Sim's GEMM mode does, so the simulator's report carries the golden figures
        HardwareConfig hw = HardwareConfigs.load("systolic:32x32:is:sram=64:bw=10");
        ConvLayer fc = new ConvLayer("fc", "Gemm", 256, 128, 1, 256, 1, 256, 1, 1, 1, 1);
        LayerReport r = InterfaceBandwidthModel.simulate(fc, hw, 1);
        assertEquals(19_984, r.cycles());
        assertEquals(5_777, r.stallCycles());
        assertEquals(19_984 - 5_777, r.computeCycles());
        assertEquals(131_080 + 32_770 + 262_157, r.dramBytes());
        assertEquals("memory", r.bound());
    }

    @Test
    void withAmpleBandwidthTheRunIsTheStallFreeCount() {
        // SCALE-Sim's CALC-mode cycles (SystolicModel, checked against its golden CALC report) are the floor the user
        // mode reaches when DRAM keeps up: convolutions with padding-free edges, stride 4, channels and batches
        int[][] layers = {
            {227, 227, 11, 11, 3, 96, 4, 1}, // AlexNet conv1
            {16, 16, 3, 3, 64, 64, 1, 2},    // a 3×3 layer, batch 2
            {9, 9, 1, 1, 200, 40, 2, 1},     // a strided 1×1 layer whose window spans partial folds
        };
        for (Dataflow df : Dataflow.values()) {
            SystolicArray array = new SystolicArray(16, 8, df, 4096);
            for (int[] l : layers) {
                OperandAddresses ops = OperandAddresses.conv(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]);
                InterfaceBandwidthModel.Run r = InterfaceBandwidthModel.run(ops, array, 1 << 20, 1 << 20, 1 << 20, 4096);
                SystolicModel.Counts calc = SystolicModel.counts(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], array);
                assertEquals(0, r.stallCycles(), df + " " + java.util.Arrays.toString(l));
                assertEquals(calc.cycles(), r.cycles(), df + " " + java.util.Arrays.toString(l));
            }
        }
    }

    @Test
    void lessBandwidthNeverRunsFaster() {
        OperandAddresses ops = OperandAddresses.conv(30, 30, 3, 3, 32, 64, 1, 1);
        for (Dataflow df : Dataflow.values()) {
            long previous = Long.MAX_VALUE;
            for (int bw : new int[] {1, 2, 4, 8, 16, 64}) {
                long cycles = InterfaceBandwidthModel.run(ops, new SystolicArray(32, 32, df, bw), 16384, 16384, 16384, bw).cycles();
                assertTrue(cycles <= previous, df + " at " + bw + " words/cycle: " + cycles + " > " + previous);
                previous = cycles;
            }
        }
    }
}
