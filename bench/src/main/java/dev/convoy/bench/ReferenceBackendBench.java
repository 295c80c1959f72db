package dev.convoy.bench;

import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.passes.Passes;
import dev.convoy.reference.ReferenceBackend;
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
 * Latency of one batch through the fp32 reference backend on the committed fixtures, all cores.
 * images/s = batch / (ms per op / 1000).
 *
 * <pre>
 *   mvn -q -B -DskipTests install
 *   java -jar bench/target/benchmarks.jar ReferenceBackendBench -p fixtures=$PWD/fixtures
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReferenceBackendBench {
    /** Which fixture. */
    @Param({"lenet5", "resnet"})
    public String model;

    /** Images per call. */
    @Param({"1", "100"})
    public int batch;

    /** The fixtures directory. */
    @Param({"fixtures"})
    public String fixtures;

    private ReferenceBackend backend;
    private Tensor input;

    /** Imports the model, applies the passes and makes a random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        Graph g = Passes.standard(OnnxImporter.load(Path.of(fixtures, model + ".onnx")));
        backend = new ReferenceBackend(g);
        Shape s = g.inputs().get(0).shape().withBatch(batch);
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
        return backend.run(input);
    }

    /** Stops the worker threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
