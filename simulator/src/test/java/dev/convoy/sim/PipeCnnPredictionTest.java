package dev.convoy.sim;

import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.hw.HardwareConfigs;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * AlexNet (CaffeNet layout, every layer: pooling beside the convolutions, LRN over DRAM) predicted for PipeCNN's
 * boards against PipeCNN's own published figures. DE1-SoC, batch 1: the per-layer Conv kernel times of its user
 * instructions (documents/README.md; their sum, 149.988 ms, is the published total). DE5-net, batch 16: the
 * README table's 15 ms per image, on the preset's assumed 32×8 array (the documented 16×8 default cannot reach it:
 * see the preset). The model is analytical, so the bar is a prediction error: every layer and both totals
 * within 25 %.
 */
class PipeCnnPredictionTest {
    private static final String[] LAYERS = {"conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"};
    private static final double[] MEASURED_MS = {41.557, 33.993, 23.057, 17.307, 11.631, 14.364, 6.433, 1.648};
    private static final double MEASURED_TOTAL_MS = 149.988;
    private static final double DE5_MS_PER_IMAGE = 15;

    @Test
    void de1SocAlexNetLatencyAtBatch1() {
        SimulationReport r = Simulator.run("alexnet", Networks.named("alexnet"), HardwareConfigs.load("pipecnn-de1soc"), null, 1);
        StringBuilder table = new StringBuilder();
        double kernels = 0;
        for (int i = 0; i < LAYERS.length; i++) {
            String name = LAYERS[i];
            LayerReport l = r.layers().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            double error = (l.latencyMs() - MEASURED_MS[i]) / MEASURED_MS[i];
            kernels += l.latencyMs();
            table.append(String.format(Locale.ROOT, "%s predicted %.2f ms, measured %.2f ms, error %+.1f%%%n", name, l.latencyMs(),
                    MEASURED_MS[i], 100 * error));
            assertTrue(Math.abs(error) <= 0.25, name + ": " + table);
        }
        double total = (kernels - MEASURED_TOTAL_MS) / MEASURED_TOTAL_MS;
        table.append(String.format(Locale.ROOT, "conv+fc predicted %.2f ms, measured %.2f ms, error %+.1f%%; every layer %.2f ms%n", kernels,
                MEASURED_TOTAL_MS, 100 * total, r.latencyMs()));
        System.out.print(table);
        assertTrue(Math.abs(total) <= 0.25, table.toString());
        // pooling costs nothing beside the pipeline, the LRNs little; nothing else is on the board
        assertTrue(r.layers().stream().filter(l -> l.op().equals("MaxPool")).allMatch(l -> l.cycles() == 0 && l.model().contains("beside")));
        assertTrue(r.latencyMs() - kernels < 1, "LRN passes: " + (r.latencyMs() - kernels) + " ms");
    }

    @Test
    void de5NetAlexNetAtBatch16() {
        SimulationReport r = Simulator.run("alexnet", Networks.named("alexnet"), HardwareConfigs.load("pipecnn-de5net"), null, 16);
        double perImage = r.msPerImage(), error = (perImage - DE5_MS_PER_IMAGE) / DE5_MS_PER_IMAGE;
        System.out.printf(Locale.ROOT, "DE5-net batch 16: predicted %.2f ms per image, published %.1f ms, error %+.1f%%%n", perImage,
                DE5_MS_PER_IMAGE, 100 * error);
        assertTrue(Math.abs(error) <= 0.25, perImage + " ms per image");
        assertEquals(16, r.batch());
        assertEquals(16_000.0 / r.latencyMs(), r.imagesPerS(), 1e-9);
    }
}
