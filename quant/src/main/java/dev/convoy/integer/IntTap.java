package dev.convoy.integer;

import dev.convoy.quant.ActQuant;
import dev.convoy.quant.QNode;
import dev.convoy.tensor.Shape;

/** Receives every integer layer's output as the backend computes it. */
@FunctionalInterface
public interface IntTap {
    /**
     * @param node   the layer (null for the input quantization)
     * @param value  the value's name
     * @param shape  [N, per-sample shape...]
     * @param data   the integers; must not be modified
     * @param format their format
     */
    void accept(QNode node, String value, Shape shape, int[] data, ActQuant format);
}
