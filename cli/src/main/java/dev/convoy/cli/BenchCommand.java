package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.aparapi.AparapiBackend;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.reference.ValueTap;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.sim.report.LayerReport;
import dev.convoy.sim.report.SimulationReport;
import dev.convoy.sim.Simulator;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.eval.BenchmarkResult;
import dev.convoy.eval.Benchmarks;
import dev.convoy.eval.LayerTime;
import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy bench}: per-layer and whole-model fp32 timings on the CPU reference, Aparapi, an OpenCL device or the simulator. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a model (or the ResNet conv-layer suite) in fp32 after warm-up, over repeated runs: per-layer and total"
                + " time, images/s and GFLOP/s. Inputs are N(0,1) noise of the model's input shape (the time does not depend on the values).",
            "On OpenCL, layer times are device time from OpenCL events and the total is wall time including the input upload and"
                + " the output read-back; on the CPU both are wall time."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The .onnx model (or use --suite).")
    Path model;

    @Option(names = "--suite", paramLabel = "S", description = "resnet-conv: ResNet-18/50 3x3 and 1x1 convolution layers, each alone.")
    String suite;

    @Option(names = "--device", paramLabel = "D", description = "cpu (the fp32 reference), aparapi (its kernels; wall time per layer),"
            + " opencl[:N|:NAME] (device time per layer from events), or sim: the cycle model's time on the --hw accelerator for"
            + " the convolution and fully-connected layers, batch × the per-image latency (deterministic: one run) (default: ${DEFAULT-VALUE}).")
    String device = "opencl";

    @Option(names = "--hw", paramLabel = "HW", description = "Accelerator for --device sim, as for convoy simulate (default: ${DEFAULT-VALUE}).")
    String hw = "zhang15-vc707";

    @Option(names = "--batch", paramLabel = "B", description = "Images per run (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--reps", paramLabel = "R", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int reps = 20;

    @Option(names = "--tuning", paramLabel = "FILE.json", description = "Tuning database from convoy tune (default: ${DEFAULT-VALUE}).")
    Path tuning = PrecisionOptions.defaultTuning();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    /** What the JSON holds for one benchmarked graph. */
    record Result(String model, String device, int batch, int warmup, int reps, double medianMs, double minMs, double imagesPerS,
                  double gflops, double layerMs, double layerGflops, List<LayerTime> layers) {
    }

    /** The JSON file. */
    record Report(List<Result> results) {
    }

    @Override
    public Integer call() {
        if ((model == null) == (suite == null)) {
            throw new BadInputException("bench: give a MODEL or --suite resnet-conv, not " + (model == null ? "neither" : "both"));
        }
        if (suite != null && !suite.equals("resnet-conv")) {
            throw new BadInputException("--suite " + suite + ": the suite is resnet-conv");
        }
        if (batch < 1 || warmup < 0 || reps < 1) {
            throw new BadInputException("--batch and --reps must be at least 1, --warmup at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Graph> graphs = new ArrayList<>();
        if (model != null) {
            graphs.add(LoadedModel.load(model).graph());
        } else {
            ConvSuite.RESNET.forEach(l -> graphs.add(l.graph()));
        }
        DeviceChoice choice = DeviceChoice.parse(device);
        OpenClContext ctx = null;
        if (choice.kind() == DeviceChoice.Kind.OPENCL) {
            try {
                ctx = OpenClContext.open(choice.opencl());
            } catch (BadInputException e) {
                err.println("convoy: " + e.getMessage() + "; timing the CPU reference instead");
                err.flush();
            }
        }
        HardwareConfig accelerator = choice.kind() == DeviceChoice.Kind.SIM ? HardwareConfigs.load(hw) : null;
        List<Result> results = new ArrayList<>();
        try {
            TuningDatabase db = TuningDatabase.load(tuning);
            for (Graph g : graphs) {
                Tensor x = noise(g.inputs().get(0).shape().withBatch(batch));
                BenchmarkResult r;
                String where;
                if (ctx != null) {
                    try (OpenClBackend b = new OpenClBackend(g, ctx, db, batch, n -> err.println("convoy: " + n))) {
                        r = Benchmarks.run(b, x, warmup, reps);
                        where = ctx.device().name() + " (OpenCL)";
                    }
                } else if (choice.kind() == DeviceChoice.Kind.APARAPI) {
                    try (AparapiBackend b = new AparapiBackend(g)) {
                        r = hostTimed(g, x, node -> b.placements().getOrDefault(node, "fp32 reference"), b::run);
                        where = "Aparapi (" + b.summary() + ")";
                    }
                } else if (accelerator != null) {
                    r = simulated(g, accelerator);
                    where = accelerator.name() + " (simulated: cycle model at " + accelerator.clockMhz() + " MHz, conv/FC layers)";
                } else {
                    try (ReferenceBackend b = new ReferenceBackend(g)) {
                        r = hostTimed(g, x, node -> "reference", b::run);
                    }
                    where = "CPU reference, " + Runtime.getRuntime().availableProcessors() + " threads";
                }
                boolean once = accelerator != null; // the cycle model is deterministic
                Result res = new Result(g.name(), where, batch, once ? 0 : warmup, once ? 1 : reps, r.medianMs(), r.minMs(), r.imagesPerSecond(), r.gflops(),
                        r.layerMs(), r.layerGflops(), r.layers());
                results.add(res);
                print(out, res, model != null);
            }
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
        if (json != null) {
            JsonReport.write(json, new Report(results));
        }
        return ExitCode.OK;
    }

    /** A Java-side engine that reports each node's output as it finishes. */
    private interface TappedRun {
        Map<String, Tensor> run(Map<String, Tensor> inputs, ValueTap tap);
    }

    /**
     * The simulator's time for the batch: every image costs the per-image latency of the cycle model
     * (the simulated accelerator runs images one after another), so the figures are exact and one run says all.
     */
    private BenchmarkResult simulated(Graph g, HardwareConfig hw) {
        SimulationReport sim = Simulator.timing(g.name(), ConvLayer.of(g), hw, null);
        List<LayerTime> layers = new ArrayList<>();
        for (LayerReport l : sim.layers()) {
            layers.add(new LayerTime(l.name(), l.op(), "simulated " + l.tiling(), batch * l.latencyMs(), 2L * batch * l.macs()));
        }
        double ms = batch * sim.latencyMs();
        return new BenchmarkResult(batch, new double[] {ms}, layers, layers.stream().mapToLong(LayerTime::flops).sum());
    }

    /** Wall time of each node (the engine runs them one after another on the host's threads) and of the whole run. */
    private BenchmarkResult hostTimed(Graph g, Tensor x, UnaryOperator<String> kernelOf, TappedRun b) {
        Map<String, Tensor> in = Map.of(g.inputs().get(0).name(), x);
        for (int i = 0; i < warmup; i++) {
            b.run(in, null);
        }
        double[] ms = new double[reps];
        List<List<LayerTime>> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            List<LayerTime> layers = new ArrayList<>();
            long[] last = {System.nanoTime()};
            long t0 = last[0];
            b.run(in, (Node node, Tensor t) -> {
                long now = System.nanoTime();
                layers.add(new LayerTime(node.name(), node.op().type(), kernelOf.apply(node.name()), (now - last[0]) / 1e6,
                        2L * batch * node.op().macs(g.inputsOf(node), g.value(node.output()).shape())));
                last[0] = now;
            });
            ms[i] = (System.nanoTime() - t0) / 1e6;
            runs.add(layers);
        }
        int median = 0;
        double[] sorted = ms.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < reps; i++) {
            if (ms[i] == sorted[reps / 2]) {
                median = i;
            }
        }
        List<LayerTime> layers = runs.get(median);
        return new BenchmarkResult(batch, ms, layers, layers.stream().mapToLong(LayerTime::flops).sum());
    }

    private static void print(PrintWriter out, Result r, boolean perLayer) {
        out.printf(Locale.ROOT, "%s on %s, batch %d, fp32: median %.3f ms (min %.3f) over %d runs after %d warm-up; %.1f images/s, %.1f GFLOP/s;"
                        + " layers alone %.4f ms, %.1f GFLOP/s%n", r.model(), r.device(), r.batch(), r.medianMs(), r.minMs(), r.reps(), r.warmup(),
                r.imagesPerS(), r.gflops(), r.layerMs(), r.layerGflops());
        if (perLayer) {
            out.printf("%-28s %-18s %-32s %10s %10s%n", "layer", "type", "kernel", "ms", "GFLOP/s");
            for (LayerTime l : r.layers()) {
                out.printf(Locale.ROOT, "%-28s %-18s %-32s %10.4f %10s%n", l.node(), l.type(), l.kernel(), l.ms(),
                        l.flops() > 0 && l.ms() > 0 ? String.format(Locale.ROOT, "%.1f", l.flops() / l.ms() / 1e6) : "-");
            }
        }
        out.flush();
    }

    private static Tensor noise(Shape s) {
        Random r = new Random(7);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(s, v);
    }
}
