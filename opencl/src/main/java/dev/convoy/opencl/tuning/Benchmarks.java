package dev.convoy.opencl.tuning;

import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.runtime.LayerTime;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Times a model on the OpenCL backend: warm-up runs, then timed runs each profiled from OpenCL events. */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * @param backend the model on its device
     * @param input   one batch
     * @param warmup  untimed runs first (kernel compilation, buffer pool, clocks)
     * @param reps    timed runs: first {@code reps} runs without events for the wall time, then {@code reps}
     *                profiled runs for the per-layer device times (events cost host time, so they stay out
     *                of the wall time)
     * @return wall time per run and the per-layer device times of the median profiled run
     */
    public static BenchmarkResult run(OpenClBackend backend, Tensor input, int warmup, int reps) {
        Map<String, Tensor> in = Map.of(backend.graph().inputs().get(0).name(), input);
        for (int i = 0; i < warmup; i++) {
            backend.run(in, null, false);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            backend.run(in, null, false);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        List<List<LayerTime>> profiles = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            backend.run(in, null, true);
            profiles.add(backend.lastProfile());
        }
        // the layers of the run with the median device time: a representative run, not a mix of runs
        profiles.sort((a, b) -> Double.compare(sum(a), sum(b)));
        List<LayerTime> layers = profiles.get(reps / 2);
        long flops = layers.stream().mapToLong(LayerTime::flops).sum();
        return new BenchmarkResult(input.shape().dim(0), ms, layers, flops);
    }

    private static double sum(List<LayerTime> l) {
        return l.stream().mapToDouble(LayerTime::ms).sum();
    }
}
