package dev.convoy.onnx;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Reduce;
import dev.convoy.graph.ReduceKind;
import dev.convoy.graph.Value;
import java.util.Arrays;
import java.util.List;

/** ReduceMean/Max/Min/Sum over per-sample axes, and Max/Min/Sum/Mean of several tensors as chains of {@link Binary}. */
final class ReductionTranslator {
    private ReductionTranslator() {
    }

    static void reduce(OnnxNode n, ImportState s, ReduceKind kind) {
        Value x = s.value(n.input(0));
        if (x == null || !x.batched()) {
            throw n.error("input '" + n.input(0) + "' must be computed from the model input");
        }
        // the axes became an input in opset 13 for ReduceSum and in opset 18 for the others
        boolean axesInput = kind == ReduceKind.SUM ? n.opset() >= 13 : n.opset() >= 18;
        long[] axes = axesInput ? (n.input(1).isEmpty() ? null : s.constant(n, n.input(1), "axes").longs()) : n.getInts("axes");
        if (axes == null || axes.length == 0) {
            if (n.getInt("noop_with_empty_axes", 0) != 0) {
                s.alias(n.output(), n.input(0));
                return;
            }
            throw n.error("reducing every axis would reduce across the batch of " + x.describe() + "; give per-sample axes");
        }
        int full = x.shape().rank() + 1;
        int[] per = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            long a = axes[i] < 0 ? axes[i] + full : axes[i];
            if (a <= 0 || a >= full) {
                throw n.error("axis " + axes[i] + " is the batch axis or out of range for " + x.describe());
            }
            per[i] = (int) a - 1;
        }
        Arrays.sort(per);
        try {
            s.emit(n, new Reduce(kind, per, n.getInt("keepdims", 1) != 0), List.of(s.irInput(n, n.input(0))));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /** Max, Min or Sum of k inputs: k − 1 broadcasting binary nodes, left to right. */
    static void variadic(OnnxNode n, ImportState s, BinaryKind kind) {
        String last = chain(n, s, kind, n.output());
        if (last != null) {
            s.alias(n.output(), last);
        }
    }

    /** Mean of k inputs: their sum divided by k, as ONNX Runtime computes it. */
    static void mean(OnnxNode n, ImportState s) {
        List<String> ins = n.inputs().stream().filter(i -> !i.isEmpty()).toList();
        if (ins.size() == 1) {
            s.alias(n.output(), ins.get(0));
            return;
        }
        String sum = chain(n, s, BinaryKind.ADD, n.output() + "/sum");
        String k = n.output() + "/count";
        s.putConstant(k, new ConstTensor(new long[0], new double[] {ins.size()}, false));
        s.emit(n, n.name(), new Binary(BinaryKind.DIV, Activation.NONE), List.of(sum, s.irInput(n, k)), n.output());
    }

    /** @return the name of the chain's result, or null when the chain's last node already produced {@code out} */
    private static String chain(OnnxNode n, ImportState s, BinaryKind kind, String out) {
        List<String> ins = n.inputs().stream().filter(i -> !i.isEmpty()).toList();
        if (ins.isEmpty()) {
            throw n.error("needs at least one input");
        }
        if (ins.size() == 1) {
            return s.irInput(n, ins.get(0));
        }
        String acc = s.irInput(n, ins.get(0));
        for (int i = 1; i < ins.size(); i++) {
            boolean lastStep = i == ins.size() - 1;
            String name = lastStep ? out : out + "/" + i;
            s.emit(n, lastStep && out.equals(n.output()) ? n.name() : n.name() + "/" + i, new Binary(kind, Activation.NONE),
                    List.of(acc, s.irInput(n, ins.get(i))), name);
            acc = name;
        }
        return acc.equals(n.output()) ? null : acc;
    }
}
