package dev.convoy.visual;

import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.IntegerEngine;
import dev.convoy.engine.Model;
import dev.convoy.graph.Graph;
import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.reference.GraphRunner;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fp32 model (its prepared graph, on the fast CPU engine or the request's host runner) and its quantized form
 * (on the request's integer engine), opened once and run on the same inputs. Any layer's values can be read from
 * either; quantized values are dequantized, {@code (q − zero point) · scale}, so the two sides compare directly.
 * Not thread-safe.
 */
public final class Probe implements AutoCloseable {
    private final Graph graph;
    private final QuantizedModel quantized;
    private final GraphRunner fp32;
    private final IntegerEngine integer;

    private Probe(Graph graph, QuantizedModel quantized, GraphRunner fp32, IntegerEngine integer) {
        this.graph = graph;
        this.quantized = quantized;
        this.fp32 = fp32;
        this.integer = integer;
    }

    /**
     * @param model     an fp32 model
     * @param quantized its quantized form (from {@link Engines#quantize} with the same request)
     * @param request   where each side runs
     * @return the probe (the caller closes it)
     */
    public static Probe open(Model model, QuantizedModel quantized, EngineRequest request) {
        Graph g = model.prepared();
        GraphRunner runner = Engines.hostRunner(g, request);
        try {
            return new Probe(g, quantized, runner, Engines.openInteger(model, quantized, request));
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** @return the fp32 graph the quantized model was built from (batch norms folded, activations fused) */
    public Graph graph() {
        return graph;
    }

    /** @return the quantized model */
    public QuantizedModel quantized() {
        return quantized;
    }

    /** @return the integer backend of the quantized side (owned by the probe) */
    public dev.convoy.integer.IntegerBackend integerBackend() {
        return integer.backend();
    }

    /** @return where the quantized side runs, in words */
    public String where() {
        return integer.where();
    }

    /**
     * @param x [N, input...]
     * @return the fp32 model's output [N, ...]
     */
    public Tensor fp32(Tensor x) {
        return fp32.run(x);
    }

    /**
     * @param x [N, input...]
     * @return the quantized model's output [N, ...] (dequantized, epilogue applied)
     */
    public Tensor quantized(Tensor x) {
        return integer.run(x);
    }

    /**
     * @param x      [N, input...]
     * @param values the value names wanted
     * @return those values of the fp32 run, [N·per-sample] each (the input included when asked for)
     */
    public Map<String, float[]> fp32Values(Tensor x, Set<String> values) {
        Map<String, float[]> out = new HashMap<>();
        String input = graph.inputs().get(0).name();
        if (values.contains(input)) {
            out.put(input, x.data());
        }
        fp32.run(Map.of(input, x), (node, t) -> {
            if (values.contains(node.output())) {
                out.put(node.output(), t.data().clone());
            }
        });
        return out;
    }

    /**
     * @param x      [N, input...]
     * @param values the value names wanted
     * @return those of them that are integer values of the quantized model, dequantized, [N·per-sample] each
     *     (values inside fp32 islands are absent)
     */
    public Map<String, float[]> quantizedValues(Tensor x, Set<String> values) {
        Map<String, float[]> out = new HashMap<>();
        integer.backend().run(x, (node, value, shape, data, format) -> {
            if (values.contains(value)) {
                out.put(value, dequantize(data, format));
            }
        });
        return out;
    }

    /**
     * @param value a value name of the prepared graph
     * @return whether the quantized model holds it as integers
     */
    public boolean isInteger(String value) {
        return quantized.formats().containsKey(value);
    }

    private static float[] dequantize(int[] q, ActQuant f) {
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = f.dequantize(q[i]);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            fp32.close();
        } finally {
            integer.close();
        }
    }
}
