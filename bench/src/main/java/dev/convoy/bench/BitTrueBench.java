package dev.convoy.bench;

import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bit-true simulation of the int8 ResNet fixture on the PipeCNN DE5-net preset: 10 images through the
 * simulated tiles plus the integer reference they are compared with. MAC/s of the tiled path =
 * 10 × (MACs per image, printed at setup) / (ms per op / 1000) — the reference's share is measured by
 * running it alone: {@code EngineBench -p precision=int8}.
 *
 * <pre>  java -jar bench/target/benchmarks.jar BitTrueBench -p fixtures=$PWD/fixtures</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class BitTrueBench {
    /** The fixtures directory. */
    @Param({"fixtures"})
    public String fixtures;

    private QuantizedModel q;
    private Tensor images;

    /** Quantizes the ResNet fixture (random calibration: the benchmark measures speed, not accuracy). */
    @Setup
    public void setUp() {
        var g = OnnxImporter.load(Path.of(fixtures, "resnet.onnx"));
        Random r = new Random(1);
        float[] d = new float[10 * 784];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        images = new Tensor(Shape.of(10, 1, 28, 28), d);
        q = Quantizer.quantize(g, new LabelledImages("random", images, new int[10]),
                QuantOptions.defaults(Scheme.parse("int8"), RequantMode.ONNX), Progress.NONE);
        System.out.println("MACs per image: " + ConvLayer.of(q).stream().mapToLong(ConvLayer::macs).sum());
    }

    /** @return the comparison */
    @Benchmark
    public BitTrueSimulation.Result tenImages() {
        return BitTrueSimulation.run(q, HardwareConfigs.load("pipecnn-de5net"), null, images);
    }
}
