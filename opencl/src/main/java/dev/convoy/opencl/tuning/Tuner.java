package dev.convoy.opencl.tuning;

import dev.convoy.opencl.fp32.ConvAlgorithm;
import dev.convoy.opencl.fp32.ConvShape;
import dev.convoy.opencl.fp32.ConvSignature;
import dev.convoy.opencl.fp32.GemmTile;
import dev.convoy.opencl.fp32.OpenClBackend;
import dev.convoy.opencl.fp32.TuningDatabase;
import dev.convoy.eval.BenchmarkResult;
import dev.convoy.eval.Benchmarks;
import dev.convoy.eval.LayerTime;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Searches {@link GemmTile#candidates()} — under each {@link ConvAlgorithm} that fits the layer — for every
 * distinct GEMM-shaped layer of a model (CLBlast's tuner, per layer shape rather than per matrix size): each tile runs the layer alone on random data,
 * a warm-up run then {@code reps} timed runs, and the lowest median device time (OpenCL events) wins.
 * Tiles the device cannot run are skipped.
 */
public final class Tuner {
    private Tuner() {
    }

    /** A layer to tune: a single-convolution graph, its signature and the algorithms that can run it. */
    private record Job(ConvSignature signature, Graph graph, List<ConvAlgorithm> algorithms) {
    }

    /**
     * @param model    the network
     * @param cl       the device
     * @param batch    the batch size to tune for
     * @param reps     timed runs per tile
     * @param db       the database to extend
     * @param progress advanced per layer
     * @param log      one line per layer: the winner and its rate
     * @return db with this device's entries for the model's layers
     */
    public static TuningDatabase tune(Graph model, OpenClContext cl, int batch, int reps, TuningDatabase db, Progress progress,
                                      Consumer<String> log) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        for (Node node : model.nodes()) {
            List<Value> ins = model.inputsOf(node);
            if (ins.isEmpty() || !ins.get(0).batched()) {
                continue;
            }
            Shape in = ins.get(0).shape(), out = model.value(node.output()).shape();
            if (node.op() instanceof Conv c && in.rank() == 3 && ConvShape.of(c, in, out).gemm()) {
                ConvSignature sig = ConvSignature.of(ConvShape.of(c, in, out), c.window());
                List<ConvAlgorithm> algorithms = ConvAlgorithm.winogradFits(ConvShape.of(c, in, out), c.window())
                        ? List.of(ConvAlgorithm.GEMM, ConvAlgorithm.WINOGRAD) : List.of(ConvAlgorithm.GEMM);
                jobs.putIfAbsent(sig.text(), new Job(sig, single(new Conv(c.weight(), c.bias(), c.window(), c.groups(),
                        dev.convoy.graph.Activation.NONE), in), algorithms));
            } else if (node.op() instanceof Dense d && in.rank() == 1) {
                ConvSignature sig = ConvSignature.of(ConvShape.of(d), ConvSignature.POINTWISE);
                jobs.putIfAbsent(sig.text(), new Job(sig, single(new Dense(d.weight(), d.bias(), dev.convoy.graph.Activation.NONE), in),
                        List.of(ConvAlgorithm.GEMM)));
            }
        }
        TuningDatabase out = db;
        int done = 0;
        for (Job job : jobs.values()) {
            Tensor x = random(job.graph().inputs().get(0).shape().withBatch(batch));
            TuningDatabase.Entry best = null;
            for (ConvAlgorithm algorithm : job.algorithms()) {
                for (GemmTile tile : GemmTile.candidates()) {
                    TuningDatabase trial = TuningDatabase.empty().with(cl.device().name(), job.signature(), batch,
                            new TuningDatabase.Entry(tile, 0, 0, algorithm));
                    List<String> steppedDown = new ArrayList<>();
                    try (OpenClBackend b = new OpenClBackend(job.graph(), cl, trial, batch, steppedDown::add)) {
                        if (!steppedDown.isEmpty()) {
                            continue; // the device cannot run this tile; the smaller one it fell back to is a candidate of its own
                        }
                        BenchmarkResult r = Benchmarks.run(b, x, 1, reps);
                        double ms = deviceMs(r);
                        if (best == null || ms < best.ms()) {
                            best = new TuningDatabase.Entry(tile, ms, r.flops() / ms / 1e6, algorithm);
                        }
                    }
                }
            }
            if (best != null) {
                out = out.with(cl.device().name(), job.signature(), batch, best);
                log.accept(String.format(java.util.Locale.ROOT, "%s batch %d: %s %s, %.4f ms, %.1f GFLOP/s", job.signature(), batch,
                        best.algorithm().key(), best.tile(), best.ms(), best.gflops()));
            }
            progress.update(++done, jobs.size());
        }
        return out;
    }

    private static double deviceMs(BenchmarkResult r) {
        return r.layers().stream().mapToDouble(LayerTime::ms).sum();
    }

    private static Graph single(dev.convoy.graph.Op op, Shape in) {
        return new Graph("layer", List.of(new Value("x", in, true)), List.of(new Node("layer", op, List.of("x"), "y")), Map.of(), List.of("y"));
    }

    private static Tensor random(Shape s) {
        Random r = new Random(1);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(s, v);
    }
}
