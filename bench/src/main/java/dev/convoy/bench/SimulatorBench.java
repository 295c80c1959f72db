package dev.convoy.bench;

import dev.convoy.graph.Graph;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.Simulator;
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
 * Timing-only simulation of ResNet-50 (built in code, random weights): layer extraction, the roofline
 * tiling search for every layer (tiled arrays) and the cost model.
 *
 * <pre>  java -jar bench/target/benchmarks.jar SimulatorBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulatorBench {
    /** The hardware. */
    @Param({"pipecnn-de5net", "zhang15-vc707", "systolic:32x32:ws"})
    public String hw;

    private Graph resnet50;
    private HardwareConfig config;

    /** Builds the network once. */
    @Setup
    public void setUp() {
        resnet50 = ResNet50.build();
        config = HardwareConfigs.load(hw);
    }

    /** @return the report */
    @Benchmark
    public SimulationReport resnet50TimingOnly() {
        return Simulator.timing("resnet50", ConvLayer.of(resnet50), config, null);
    }
}
