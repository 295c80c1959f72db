package dev.convoy.bench;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.schedule.Stage;
import dev.convoy.sim.Networks;
import dev.convoy.sim.Simulator;
import dev.convoy.sim.report.SimulationReport;
import java.util.List;
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
 * Simulation of the published networks' shapes (every layer, tiling search included) at 224×224, as
 * {@code convoy simulate net:NAME} runs it, at batch 1 and 16.
 *
 * <pre>  java -jar bench/target/benchmarks.jar NetworkSimulationBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class NetworkSimulationBench {
    /** The network. */
    @Param({"resnet18", "resnet50", "mobilenetv2", "vgg16"})
    public String net;

    /** The hardware. */
    @Param({"zhang15-vc707", "pipecnn-de5net", "scalesim-32x32-ws"})
    public String hw;

    /** Images per run. */
    @Param({"1", "16"})
    public int batch;

    private List<Stage> stages;
    private HardwareConfig config;

    /** Builds the shapes once. */
    @Setup
    public void setUp() {
        stages = Networks.named(net);
        config = HardwareConfigs.load(hw);
    }

    /** @return the report */
    @Benchmark
    public SimulationReport simulate() {
        return Simulator.run(net, stages, config, null, batch);
    }
}
