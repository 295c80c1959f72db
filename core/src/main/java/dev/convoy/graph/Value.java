package dev.convoy.graph;

import dev.convoy.tensor.Shape;

/**
 * A tensor flowing along a graph edge.
 *
 * @param name    the edge's name (ONNX value name)
 * @param shape   per-sample shape when {@code batched}, the literal shape otherwise
 * @param batched true when the value carries the (implicit, leading) batch dimension
 */
public record Value(String name, Shape shape, boolean batched) {
    /** @return the shape with a symbolic batch in front, e.g. {@code [N,16,28,28]} */
    public String describe() {
        if (!batched) {
            return shape.toString();
        }
        String s = shape.toString();
        return "[N" + (shape.rank() == 0 ? "" : ",") + s.substring(1);
    }
}
