package dev.convoy.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.hw.Dataflow;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.MemoryPass;
import dev.convoy.schedule.Stage;
import dev.convoy.sim.compute.SystolicModel;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batches and the layers off the array: SCALE-Sim's GEMM mode with M &gt; 1 (expected values derived from its
 * documented v2 formulas — the pinned SCALE-Sim source is not available here to run), weight reuse across a batch
 * on tiled arrays, memory passes, and the published networks' shapes.
 */
class BatchAndEveryLayerTest {
    private static ConvLayer gemm(int m, int n, int k) {
        // SCALE-Sim GEMM mode (M, N, K): ifmap M×K, N filters of 1×K; here K input features, N outputs, M rows
        return new ConvLayer("gemm", "Gemm", k, n, 1, m, 1, m, 1, 1, 1, 1);
    }

    /**
     * GEMM 128×64×256 (M×N×K) on 32×32, by SCALE-Sim v2's closed form: WS Sr = K, Sc = N, T = M → 8·2 folds of
     * 2R + C + T − 2 = 222 cycles, 3,551 in all; OS Sr = M, Sc = N, T = K → 4·2 folds of R + C + T − 2 = 318,
     * 2,543; IS Sr = K, Sc = M, T = N → 8·4 folds of 158, 5,055. SRAM counts for WS: filter reads Sr·Sc = 16,384,
     * ifmap reads T·Sr·⌈Sc/C⌉ = 65,536, ofmap writes T·Sc·⌈Sr/R⌉ = 65,536.
     */
    @Test
    void gemmModeWithManyRowsMatchesScaleSimFormulas() {
        Map<Dataflow, Long> expected = Map.of(Dataflow.WS, 3_551L, Dataflow.OS, 2_543L, Dataflow.IS, 5_055L);
        for (Dataflow df : Dataflow.values()) {
            HardwareConfig hw = HardwareConfigs.systolic(32, 32, df, 64);
            LayerReport r = SystolicModel.simulate(gemm(128, 64, 256), hw, 1);
            assertEquals(expected.get(df), r.cycles(), df.name());
            // SCALE-Sim maps GEMM M×N×K onto its conv mode as ifmap M×K, filter 1×K, 1 channel, N filters
            SystolicModel.Counts conv = SystolicModel.counts(128, 256, 1, 256, 1, 64, 1, hw.systolic());
            assertEquals(conv.cycles(), r.cycles(), df.name() + ": GEMM mode equals its conv-mode mapping");
            assertEquals(conv.ifmapReads(), r.sramReadsInput());
            assertEquals(conv.filterReads(), r.sramReadsWeight());
            assertEquals(conv.ofmapWrites(), r.sramWritesOutput());
            if (df == Dataflow.WS) {
                assertEquals(16_384, r.sramReadsWeight());
                assertEquals(65_536, r.sramReadsInput());
                assertEquals(65_536, r.sramWritesOutput());
            }
        }
    }

    /** A batch of B one-row GEMMs is SCALE-Sim's GEMM with M = B; a conv batch joins its pixels the same way. */
    @Test
    void aBatchIsMoreRowsOnASystolicArray() {
        HardwareConfig hw = HardwareConfigs.systolic(32, 32, Dataflow.WS, 64);
        assertEquals(SystolicModel.simulate(gemm(16, 1000, 4096), hw, 1).cycles(), SystolicModel.simulate(gemm(1, 1000, 4096), hw, 16).cycles());
        ConvLayer conv = ConvLayer.square("c", 64, 64, 14, 3, 1);
        SystolicModel.Counts one = SystolicModel.counts(16, 16, 3, 3, 64, 64, 1, hw.systolic());
        SystolicModel.Counts four = SystolicModel.counts(16, 16, 3, 3, 64, 64, 1, 4, hw.systolic());
        assertEquals(4 * one.t(), four.t(), "WS streams four images' pixels past the same weights");
        assertEquals(one.filterReads(), four.filterReads(), "weights read once for the batch");
        assertTrue(SystolicModel.simulate(conv, hw, 4).cycles() < 4 * SystolicModel.simulate(conv, hw, 1).cycles());
    }

    /**
     * On a tiled array a fully-connected layer's weights are loaded once per batch (the batch's rows share each
     * streamed block), so a batch of 16 moves the same weight bytes as one image and turns a layer that waited on
     * DRAM into one that keeps the array busy; a convolution runs once per image.
     */
    @Test
    void tiledArraysReuseFullyConnectedWeightsAcrossTheBatch() {
        HardwareConfig de1 = HardwareConfigs.load("pipecnn-de1soc");
        List<Stage> fc = List.of(new ConvLayer("fc6", "Gemm", 9216, 4096, 1, 1, 1, 1, 1, 1, 1, 1));
        LayerReport one = Simulator.run("fc", fc, de1, null, 1).layers().get(0), sixteen = Simulator.run("fc", fc, de1, null, 16).layers().get(0);
        assertEquals(9216L * 4096, one.dramWeightBytes());
        assertEquals(one.dramWeightBytes(), sixteen.dramWeightBytes());
        // one image waits on the weight stream; sixteen keep the 8×8 array busy: less than half the time per image
        assertEquals("memory", one.bound());
        assertEquals("compute", sixteen.bound());
        assertTrue(sixteen.cycles() < 16 * one.cycles() / 2, "16 images cost " + sixteen.cycles() + " vs " + one.cycles() + " for one");
        assertEquals(one.model(), "fully-connected, weights streamed (PipeCNN)");
        List<Stage> conv = List.of(ConvLayer.square("conv3", 256, 384, 13, 3, 1));
        assertEquals(16 * Simulator.run("c", conv, de1, null, 1).totalCycles(), Simulator.run("c", conv, de1, null, 16).totalCycles());
    }

    /** Memory passes cost bytes over bandwidth plus latency; views and islands nothing; pooling beside a conv nothing on PipeCNN. */
    @Test
    void layersOffTheArrayAreCostedAsMemoryPasses() {
        HardwareConfig zhang = HardwareConfigs.load("zhang15-vc707"), de1 = HardwareConfigs.load("pipecnn-de1soc");
        MemoryPass add = new MemoryPass("add", "Add", 2 * 64 * 56 * 56, 64 * 56 * 56, MemoryPass.Kind.DRAM);
        LayerReport r = Simulator.run("x", List.of(add), zhang, null, 2).layers().get(0);
        long bytes = 2L * 3 * 64 * 56 * 56 * zhang.wordBytes();
        double bpc = zhang.dram().bytesPerCycle(zhang.clockMhz());
        long burst = zhang.dram().burstBytes();
        long expected = (long) Math.ceil(((bytes + burst - 1) / burst * burst) / bpc) + 2L * zhang.dram().latencyCycles();
        assertEquals(expected, r.cycles());
        assertEquals("DRAM pass", r.model());
        assertEquals(bytes, r.dramInputBytes() + r.dramOutputBytes());
        MemoryPass pool = new MemoryPass("pool", "MaxPool", 96 * 55 * 55, 96 * 27 * 27, MemoryPass.Kind.POOL_AFTER_CONV);
        assertEquals(0, Simulator.run("x", List.of(pool), de1, null, 1).totalCycles());
        assertTrue(Simulator.run("x", List.of(pool), zhang, null, 1).totalCycles() > 0, "Zhang's design has no pooling beside the array");
        assertEquals(0, Simulator.run("x", List.of(new MemoryPass("r", "Reshape", 10, 10, MemoryPass.Kind.VIEW)), zhang, null, 1).totalCycles());
    }

    /**
     * The built-in networks have their published sizes (torchvision's model table: GMACs — which it labels GFLOPS —
     * and parameters, biases and batch norms included there, so weights here are a little fewer) and simulate.
     */
    @Test
    void publishedNetworksHaveTheirPublishedSizes() {
        Map<String, double[]> published = Map.of("resnet18", new double[] {1.81, 11.69}, "resnet50", new double[] {4.09, 25.56},
                "mobilenetv2", new double[] {0.30, 3.50}, "vgg16", new double[] {15.47, 138.36}, "alexnet", new double[] {0.72, 60.97});
        for (String name : Networks.NAMES) {
            long macs = 0, weights = 0;
            List<Stage> stages = Networks.named(name);
            for (Stage s : stages) {
                if (s instanceof ConvLayer c) {
                    macs += c.macs();
                    weights += (long) c.groups() * c.m() * c.n() * c.kh() * c.kw();
                }
            }
            double[] p = published.get(name);
            assertEquals(p[0], macs / 1e9, 0.01 * p[0] + 0.005, name + " GMACs");
            assertEquals(p[1], weights / 1e6, 0.02 * p[1], name + " M parameters");
            for (String hw : List.of("zhang15-vc707", "scalesim-32x32-ws")) {
                SimulationReport r = Simulator.run(name, stages, HardwareConfigs.load(hw), null, 1);
                assertEquals(stages.size(), r.layers().size());
                assertTrue(r.latencyMs() > 0 && r.layers().stream().allMatch(l -> l.cycles() >= 0), name + " on " + hw);
            }
        }
    }
}
