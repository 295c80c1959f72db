package dev.convoy.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The graph drawing is well-formed SVG with a box per node, an edge per input, and residual edges marked. */
class GraphDrawingTest {
    @Test
    void residualBlockIsDrawnWithItsSkipEdge() throws Exception {
        Value x = new Value("x", Shape.of(4), true);
        Graph g = new Graph("res", List.of(x), List.of(
                new Node("a", new ActivationLayer(new Activation.Relu()), List.of("x"), "a_out"),
                new Node("b", new ActivationLayer(new Activation.Relu()), List.of("a_out"), "b_out"),
                new Node("c", new ActivationLayer(new Activation.Relu()), List.of("b_out"), "c_out"),
                new Node("add", new Binary(BinaryKind.ADD, Activation.NONE), List.of("a_out", "c_out"), "y")), Map.of(), List.of("y"));
        String svg = GraphDrawing.svg(g);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, d.getElementsByTagName("rect").getLength(), "input and four nodes");
        assertEquals(5, d.getElementsByTagName("path").getLength() - 1, "one edge per node input (the arrow head is a path too)");
        assertTrue(svg.contains("#d62728"), "the a → add edge skips two rows and is drawn as a residual edge");
    }
}
