package dev.convoy.eval;

import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Times a model the same way on every engine: warm-up runs, wall-time runs, then profiled runs. */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * @param model  the model on its engine
     * @param input  one batch
     * @param warmup untimed runs first (kernel compilation, buffer pools, JIT, clocks)
     * @param reps   timed runs: first {@code reps} unprofiled runs for the wall time, then {@code reps}
     *               profiled runs for the per-layer times (profiling costs time, so it stays out of the wall
     *               time); a deterministic model runs once, profiled
     * @return wall time per run and the per-layer times of the profiled run with the median total
     */
    public static BenchmarkResult run(ProfiledModel model, Tensor input, int warmup, int reps) {
        int batch = input.shape().dim(0);
        if (model.deterministic()) {
            List<LayerTime> layers = model.profile(input);
            double ms = layers.stream().mapToDouble(LayerTime::ms).sum();
            return new BenchmarkResult(batch, new double[] {ms}, layers, flops(layers));
        }
        for (int i = 0; i < warmup; i++) {
            model.run(input);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            model.run(input);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        List<List<LayerTime>> profiles = new ArrayList<>();
        double[] totals = new double[reps];
        for (int i = 0; i < reps; i++) {
            List<LayerTime> p = model.profile(input);
            profiles.add(p);
            totals[i] = p.stream().mapToDouble(LayerTime::ms).sum();
        }
        // the layers of one real run (the median one), not a mix of runs
        List<LayerTime> layers = profiles.get(Statistics.medianIndex(totals));
        return new BenchmarkResult(batch, ms, layers, flops(layers));
    }

    private static long flops(List<LayerTime> layers) {
        return layers.stream().mapToLong(LayerTime::flops).sum();
    }
}
