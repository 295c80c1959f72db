package dev.convoy.sim.bittrue;

import dev.convoy.integer.IntegerBackend;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.LayerPlan;
import dev.convoy.schedule.Plan;
import dev.convoy.schedule.Scheduler;
import dev.convoy.schedule.Tiling;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a quantized model through the simulated accelerator's tiles and compares every layer with the
 * integer reference.
 */
public final class BitTrueSimulation {
    private BitTrueSimulation() {
    }

    /**
     * The comparison's outcome.
     *
     * @param elements   integers compared, all layers
     * @param mismatches integers differing from the reference
     * @param firstMismatch the first differing layer, or null
     * @param macs       multiply-accumulates the tiled convolutions executed
     */
    public record Result(long elements, long mismatches, String firstMismatch, long macs) {
    }

    /**
     * The simulated accelerator's convolutions for a quantized model: the scheduler's tiling of every layer
     * (or a fixed one), executed tile by tile with the integer reference's arithmetic.
     *
     * @param q     a quantized model
     * @param hw    a tiled-array hardware configuration
     * @param fixed fixed tiling, or null for the scheduler's
     * @return the executor for {@link IntegerBackend}
     */
    public static TiledConvExecutor executor(QuantizedModel q, HardwareConfig hw, Tiling fixed) {
        if (hw.peArray() == null) {
            throw new dev.convoy.BadInputException("the bit-true simulation needs a tiled PE array (pe_array); " + hw.name() + " is systolic");
        }
        Plan plan = Scheduler.plan(q.name(), ConvLayer.of(q), hw, fixed);
        Map<String, Tiling> tilings = new HashMap<>();
        for (LayerPlan p : plan.layers()) {
            tilings.put(p.layer().name(), p.tiling());
        }
        return new TiledConvExecutor(tilings, hw);
    }

    /**
     * @param q      a quantized model
     * @param hw     a tiled-array hardware configuration
     * @param fixed  fixed tiling, or null for the scheduler's
     * @param images [N, ...] inputs
     * @return element counts of the comparison
     */
    public static Result run(QuantizedModel q, HardwareConfig hw, Tiling fixed, Tensor images) {
        TiledConvExecutor exec = executor(q, hw, fixed);
        Map<String, int[]> reference = new HashMap<>();
        try (IntegerBackend ref = new IntegerBackend(q, Runtime.getRuntime().availableProcessors())) {
            ref.runIntegers(images, (node, value, shape, data, format) -> reference.put(value, data));
        }
        long[] counts = new long[2];
        String[] first = new String[1];
        try (IntegerBackend sim = new IntegerBackend(q, 1, exec)) {
            sim.runIntegers(images, (node, value, shape, data, format) -> {
                int[] r = reference.get(value);
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != r[i]) {
                        counts[1]++;
                        if (first[0] == null) {
                            first[0] = node == null ? value : node.name();
                        }
                    }
                }
                counts[0] += data.length;
            });
        }
        return new Result(counts[0], counts[1], first[0], exec.macs());
    }
}
