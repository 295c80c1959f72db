package dev.convoy.spark.job;

import dev.convoy.data.ImageSource;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.eval.Progress;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.Serializable;

/**
 * What every executor needs to open the model, broadcast once per job: the fp32 ONNX file's bytes and, for an
 * integer run, the quantization options with the calibration images the driver read. Each partition quantizes
 * the model again from these — quantization is deterministic (the host's fp32 runner gives the same sums for any
 * thread count), so every executor holds the very model the driver validated, node names and all, which a
 * round trip through the quantized ONNX file would not keep.
 *
 * @param label      the model file's name, for messages
 * @param fp32       the fp32 ONNX bytes
 * @param quant      quantization options, or null for an fp32 run
 * @param calibData  calibration images (the first {@code quant.calibImages()} the driver read), or null
 * @param calibShape their shape, [N, …one image]
 * @param device     where each partition runs the model: {@code cpu}, or {@code opencl[:N]} for its executor's device
 * @param threads    threads per partition
 * @param vectorApi  whether the driver's host runner is the fast CPU engine (the Vector API module is loaded): every
 *                   executor must run the same fp32 code, or its sums would differ in their last bits
 */
public record ModelBundle(String label, byte[] fp32, QuantOptions quant, float[] calibData, int[] calibShape, String device, int threads,
                          boolean vectorApi) implements Serializable {
    /**
     * @param label       the model file's name
     * @param fp32        its bytes
     * @param quant       quantization options, or null for fp32
     * @param calibration the calibration images (the driver reads them; at most {@code quant.calibImages()} are kept), or null
     * @param device      the executors' device
     * @param threads     threads per partition
     * @return the bundle
     */
    public static ModelBundle of(String label, byte[] fp32, QuantOptions quant, ImageSource calibration, String device, int threads) {
        if (quant == null) {
            return new ModelBundle(label, fp32, null, null, null, device, threads, Engines.fastHost());
        }
        LabelledImages calib = calibration.load(quant.calibImages());
        return new ModelBundle(label, fp32, quant, calib.images().data(), calib.images().shape().dims(), device, threads,
                Engines.fastHost());
    }

    /**
     * @return the fp32 model, parsed (once per partition)
     * @throws dev.convoy.BadInputException when this executor's JVM and the driver's differ in the Vector API module
     */
    public Model model() {
        if (Engines.fastHost() != vectorApi) {
            throw new dev.convoy.BadInputException("executor and driver run different fp32 code: the driver's JVM "
                    + (vectorApi ? "has" : "lacks") + " the Vector API module and this executor's "
                    + (vectorApi ? "lacks" : "has") + " it; give both --add-modules jdk.incubator.vector (spark.driver.extraJavaOptions,"
                    + " spark.executor.extraJavaOptions)");
        }
        return Model.load(new ByteArrayInputStream(fp32), label);
    }

    /** @return whether the job runs the integer path */
    public boolean integer() {
        return quant != null;
    }

    /** Quantized models made in this JVM, by bundle (a broadcast value is one object per executor): once per job each. */
    private static final java.util.Map<ModelBundle, QuantizedModel> QUANTIZED = new java.util.WeakHashMap<>();

    /**
     * @param m       the fp32 model from {@link #model()}
     * @param request the host's runner settings (threads)
     * @return m quantized as the driver quantized it — made once per executor JVM and job, shared by its partitions
     *     (a quantized model is read-only once made)
     */
    public QuantizedModel quantize(Model m, EngineRequest request) {
        synchronized (QUANTIZED) {
            return QUANTIZED.computeIfAbsent(this, b -> {
                ImageSource calib = new LabelledImages(label + " calibration", new Tensor(Shape.of(calibShape), calibData), new int[calibShape[0]]);
                return Quantizer.quantizePrepared(m.prepared(), calib, quant, Progress.NONE, g -> Engines.hostRunner(g, request));
            });
        }
    }
}
