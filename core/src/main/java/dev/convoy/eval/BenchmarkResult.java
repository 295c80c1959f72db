package dev.convoy.eval;

import dev.convoy.eval.LayerTime;
import java.util.Arrays;
import java.util.List;

/**
 * Timings of a model over repeated runs after warm-up.
 *
 * @param batch    images per run
 * @param runMs    wall time of each timed run, milliseconds (input upload, every layer, output read-back)
 * @param layers   per-node time of the median run (device time from OpenCL events; wall time on the host; cycle-model time on the simulator)
 * @param flops    floating-point operations per run (2 per multiply-accumulate)
 */
public record BenchmarkResult(int batch, double[] runMs, List<LayerTime> layers, long flops) {
    /** @return the median run, milliseconds */
    public double medianMs() {
        return Statistics.median(runMs);
    }

    /** @return the fastest run, milliseconds */
    public double minMs() {
        return Arrays.stream(runMs).min().orElse(Double.NaN);
    }

    /** @return images per second at the median run */
    public double imagesPerSecond() {
        return batch * 1000.0 / medianMs();
    }

    /** @return GFLOP/s at the median run */
    public double gflops() {
        return flops / medianMs() / 1e6;
    }

    /** @return GFLOP/s of the layers' summed device time (kernels only: no transfers, no host overhead) */
    public double layerGflops() {
        return flops / layerMs() / 1e6;
    }

    /** @return the layers' summed time, milliseconds */
    public double layerMs() {
        return layers.stream().mapToDouble(LayerTime::ms).sum();
    }
}
