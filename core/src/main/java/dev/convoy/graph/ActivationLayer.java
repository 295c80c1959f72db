package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * A standalone elementwise activation; the fusion pass folds it into the producing layer where it can.
 *
 * @param function the activation
 */
public record ActivationLayer(Activation function) implements Op {
    @Override
    public String type() {
        return function.type();
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        return inputs.get(0).shape();
    }
}
