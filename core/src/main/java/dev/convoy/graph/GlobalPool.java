package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Max or average over all of H×W, per channel: [C,H,W] → [C,1,1].
 *
 * @param kind max or average
 */
public record GlobalPool(PoolKind kind) implements Op {
    @Override
    public String type() {
        return kind == PoolKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, 3, type()).shape();
        return Shape.of(x.dim(0), 1, 1);
    }
}
