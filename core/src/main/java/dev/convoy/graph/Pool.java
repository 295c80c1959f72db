package dev.convoy.graph;

import dev.convoy.tensor.Shape;
import java.util.List;

/**
 * Windowed max or average pooling over H and W, channel by channel.
 *
 * @param kind             max or average
 * @param window           kernel, stride, dilation, padding and ceil mode
 * @param countIncludePad  average only: divide by the window size including padding (ONNX count_include_pad)
 */
public record Pool(PoolKind kind, Window window, boolean countIncludePad) implements Op {
    @Override
    public String type() {
        return kind == PoolKind.MAX ? "MaxPool" : "AveragePool";
    }

    @Override
    public Shape outputShape(List<Value> inputs) {
        Shape x = Op.batchedInput(inputs, 0, 3, type()).shape();
        Padding p = window.padding();
        if (p.top() >= window.extentH() || p.bottom() >= window.extentH() || p.left() >= window.extentW()
                || p.right() >= window.extentW()) {
            throw new IllegalArgumentException(type() + " padding " + p + " must be smaller than the kernel");
        }
        return Shape.of(x.dim(0), window.outH(x.dim(1)), window.outW(x.dim(2)));
    }
}
