package dev.convoy.bench;

import dev.convoy.data.FashionMnist;
import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
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
 * Latency of one batch through an engine of the Engine API on the committed fixtures: by default the fp32
 * reference on all cores; {@code -p device=opencl -p precision=int8} for others (int8 calibrates on the first
 * 1,000 Fashion-MNIST training images). images/s = batch / (ms per op / 1000).
 *
 * <pre>
 *   mvn -q -B -DskipTests install
 *   java -jar bench/target/benchmarks.jar EngineBench -p fixtures=$PWD/fixtures
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBench {
    /** Which fixture. */
    @Param({"lenet5", "resnet"})
    public String model;

    /** Images per call. */
    @Param({"1", "100"})
    public int batch;

    /** The fixtures directory. */
    @Param({"fixtures"})
    public String fixtures;

    /** Where it runs: cpu, aparapi, opencl, opencl:N (see {@code Device.parse}). */
    @Param({"cpu"})
    public String device;

    /** fp32, int8, int16 or fixed:W. */
    @Param({"fp32"})
    public String precision;

    private Engine engine;
    private Tensor input;

    /** Loads the model, opens the engine and makes a random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        Model m = Model.load(Path.of(fixtures, model + ".onnx"));
        engine = Engines.open(m, EngineRequest.on(Device.parse(device)).withPrecision(Precision.parse(precision)).withBatch(batch)
                .withQuantization(null, () -> FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN))
                .withNotes(System.err::println));
        Shape s = m.input().shape().withBatch(batch);
        float[] d = new float[s.size()];
        Random r = new Random(0);
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        input = new Tensor(s, d);
    }

    /** @return the logits, so the JIT cannot drop the work */
    @Benchmark
    public Tensor inference() {
        return engine.run(input);
    }

    /** Frees what the engine holds. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }
}
