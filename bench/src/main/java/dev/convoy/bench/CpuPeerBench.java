package dev.convoy.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.report.ModelSummary;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Convoy's CPU engine against ONNX Runtime (its CPU execution provider, all graph optimisations, as many intra-op
 * threads as cores) on the same ONNX file, batch and input, in the same JVM and run: images/s = batch /
 * (s per op); GFLOP/s = 2 × MACs per image (printed at setup) × images/s / 10⁹. {@code device=reference} times the
 * reference loops instead. ResNet-18 and MobileNetV2 at 224×224: {@code tools/bench/export_imagenet_models.py}.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar CpuPeerBench -p model=$PWD/fixtures/resnet.onnx,/tmp/models/resnet18.onnx -p batch=1,32
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CpuPeerBench {
    /** An ONNX file (fp32, or quantized: both runtimes run the same file). */
    @Param({"fixtures/resnet.onnx"})
    public String model;

    /** Images per call. */
    @Param({"1", "32"})
    public int batch;

    /** cpu (the fast engine) or reference. */
    @Param({"cpu"})
    public String device;

    private Engine engine;
    private Tensor input;
    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor ortInput;
    private String inputName;

    /**
     * Opens both runtimes on the model and makes one random batch.
     *
     * @throws OrtException if ONNX Runtime cannot open the model
     */
    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        Model m = Model.load(Path.of(model));
        engine = Engines.open(m, EngineRequest.on(Device.parse(device)).withBatch(batch).withNotes(System.err::println));
        Shape s = m.input().shape().withBatch(batch);
        float[] d = new float[s.size()];
        Random r = new Random(0);
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        input = new Tensor(s, d);
        if (!m.isQuantized()) {
            System.out.printf("%n%s: %,d MACs per image%n", model, ModelSummary.of(m.imported()).totalMacs());
        }
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(model, o);
        inputName = session.getInputNames().iterator().next();
        long[] dims = new long[s.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.dim(i);
        }
        ortInput = OnnxTensor.createTensor(env, FloatBuffer.wrap(d), dims);
    }

    /** @return Convoy's logits */
    @Benchmark
    public Tensor convoy() {
        return engine.run(input);
    }

    /**
     * @return ONNX Runtime's first output value
     * @throws OrtException if the run fails
     */
    @Benchmark
    public Object onnxRuntime() throws OrtException {
        try (OrtSession.Result r = session.run(Map.of(inputName, ortInput))) {
            return r.get(0).getValue();
        }
    }

    /**
     * Closes both.
     *
     * @throws OrtException if ONNX Runtime fails to close
     */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        engine.close();
        ortInput.close();
        session.close();
    }
}
