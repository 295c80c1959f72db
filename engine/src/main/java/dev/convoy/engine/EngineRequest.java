package dev.convoy.engine;

import dev.convoy.data.ImageSource;
import dev.convoy.eval.Progress;
import dev.convoy.quant.QuantOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How to open a model: the device, the precision and what they need. Built with {@link #on} and the
 * {@code with…} methods; every field has a default.
 *
 * @param device       where to run (default {@code cpu})
 * @param precision    the precision, or null for the model's own (fp32 for an fp32 file, its format for a
 *                     quantized one)
 * @param quant        how to quantize an fp32 model on the fly when {@code precision} is an integer format, or
 *                     null for {@link QuantOptions#defaults} of that format
 * @param calibration  the calibration images, read only when the model is quantized on the fly (may be null
 *                     otherwise); the first {@link QuantOptions#calibImages()} are used
 * @param binary       a precompiled integer kernel set for an OpenCL device (an FPGA board's binary), or null
 * @param tuning       the kernel tuning database ({@code convoy tune}), or null for the size heuristics
 * @param batch        the batch size the OpenCL kernels are tuned for (images; default 100)
 * @param overlap      whether OpenCL engines overlap transfers with compute when streaming (default true)
 * @param notes        receives one-line notes: fallbacks to the CPU and their reasons, tile step-downs
 * @param progress     reports calibration progress
 * @param threads      worker threads of the host engines (cpu, reference; the host side of the others): default
 *                     the available processors
 */
public record EngineRequest(Device device, Precision precision, QuantOptions quant, Supplier<? extends ImageSource> calibration, Path binary,
                            Path tuning, int batch, boolean overlap, Consumer<String> notes, Progress progress, int threads) {
    /** Checks the fields. */
    public EngineRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(progress, "progress");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * @param device where to run
     * @return a request with every other field at its default
     */
    public static EngineRequest on(Device device) {
        return new EngineRequest(device, null, null, null, null, null, 100, true, note -> { }, Progress.NONE,
                Runtime.getRuntime().availableProcessors());
    }

    /** @param d where to run @return a copy with it (one member of a multi-device request, say) */
    public EngineRequest withDevice(Device d) {
        return new EngineRequest(d, precision, quant, calibration, binary, tuning, batch, overlap, notes, progress, threads);
    }

    /** @param p the precision (null: the model's own) @return a copy with it */
    public EngineRequest withPrecision(Precision p) {
        return new EngineRequest(device, p, quant, calibration, binary, tuning, batch, overlap, notes, progress, threads);
    }

    /**
     * @param options how to quantize on the fly (null: the format's defaults)
     * @param images  the calibration images, read only when needed
     * @return a copy with them
     */
    public EngineRequest withQuantization(QuantOptions options, Supplier<? extends ImageSource> images) {
        return new EngineRequest(device, precision, options, images, binary, tuning, batch, overlap, notes, progress, threads);
    }

    /** @param file a precompiled kernel set, or null @return a copy with it */
    public EngineRequest withBinary(Path file) {
        return new EngineRequest(device, precision, quant, calibration, file, tuning, batch, overlap, notes, progress, threads);
    }

    /** @param file a tuning database, or null @return a copy with it */
    public EngineRequest withTuning(Path file) {
        return new EngineRequest(device, precision, quant, calibration, binary, file, batch, overlap, notes, progress, threads);
    }

    /** @param images the batch size kernels are tuned for @return a copy with it */
    public EngineRequest withBatch(int images) {
        return new EngineRequest(device, precision, quant, calibration, binary, tuning, images, overlap, notes, progress, threads);
    }

    /** @param on whether OpenCL streaming overlaps transfers with compute @return a copy with it */
    public EngineRequest withOverlap(boolean on) {
        return new EngineRequest(device, precision, quant, calibration, binary, tuning, batch, on, notes, progress, threads);
    }

    /** @param sink receives one-line notes (fallbacks, step-downs) @return a copy with it */
    public EngineRequest withNotes(Consumer<String> sink) {
        return new EngineRequest(device, precision, quant, calibration, binary, tuning, batch, overlap, sink, progress, threads);
    }

    /** @param p reports calibration progress @return a copy with it */
    public EngineRequest withProgress(Progress p) {
        return new EngineRequest(device, precision, quant, calibration, binary, tuning, batch, overlap, notes, p, threads);
    }

    /** @param n worker threads of the host engines (at least 1) @return a copy with it */
    public EngineRequest withThreads(int n) {
        return new EngineRequest(device, precision, quant, calibration, binary, tuning, batch, overlap, notes, progress, n);
    }
}
