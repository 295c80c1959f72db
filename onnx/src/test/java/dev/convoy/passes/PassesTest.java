package dev.convoy.passes;

import static dev.convoy.GraphFixtures.maxAbsDiff;
import static dev.convoy.GraphFixtures.random;
import static dev.convoy.GraphFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.graph.Activation;
import dev.convoy.graph.ActivationLayer;
import dev.convoy.graph.BatchNorm;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.reference.ReferenceBackend;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each pass must leave the graph's outputs unchanged. The reference is the same graph run unoptimised;
 * tolerance 1e-5 absolute allows only the re-rounding folding introduces (w·k instead of (x·w)·k).
 */
class PassesTest {
    private static final double TOLERANCE = 1e-5;
    private static final Window K3 = new Window(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), false);

    private static BatchNorm bn(int c, long seed) {
        return new BatchNorm(uniform(seed, c, 0.5f, 1.5f), uniform(seed + 1, c, -0.5f, 0.5f),
                uniform(seed + 2, c, -0.5f, 0.5f), uniform(seed + 3, c, 0.5f, 2f), 1e-5f, Activation.NONE);
    }

    /** input → Conv → BN → Relu → (Conv → BN) + residual → Relu → GAP → Flatten → Dense → Add(bias) → Mul(2 · 0.5) */
    private static Graph network() {
        Conv c1 = new Conv(random(1, 4, 2, 3, 3), null, K3, 1, Activation.NONE);
        Conv c2 = new Conv(random(2, 4, 4, 3, 3), uniform(3, 4, -1, 1), K3, 1, Activation.NONE);
        Dense fc = new Dense(random(4, 5, 4), null, Activation.NONE);
        Map<String, Tensor> consts = Map.of("two", Tensor.scalar(2f), "half", Tensor.scalar(0.5f),
                "bias", random(5, 1, 5));
        List<Node> nodes = List.of(
                new Node("c1", c1, List.of("x"), "c1"),
                new Node("bn1", bn(4, 10), List.of("c1"), "bn1"),
                new Node("r1", new ActivationLayer(new Activation.Relu()), List.of("bn1"), "r1"),
                new Node("c2", c2, List.of("r1"), "c2"),
                new Node("bn2", bn(4, 20), List.of("c2"), "bn2"),
                new Node("add", new Binary(BinaryKind.ADD, Activation.NONE), List.of("bn2", "r1"), "add"),
                new Node("r2", new ActivationLayer(new Activation.Relu()), List.of("add"), "r2"),
                new Node("gap", new GlobalPool(PoolKind.AVERAGE), List.of("r2"), "gap"),
                new Node("flat", new Flatten(1), List.of("gap"), "flat"),
                new Node("fc", fc, List.of("flat"), "fc"),
                new Node("one", new Binary(BinaryKind.MUL, Activation.NONE), List.of("two", "half"), "one"),
                new Node("fcbias", new Binary(BinaryKind.ADD, Activation.NONE), List.of("fc", "bias"), "biased"),
                new Node("scale", new Binary(BinaryKind.MUL, Activation.NONE), List.of("biased", "one"), "y"));
        return new Graph("net", List.of(new Value("x", Shape.of(2, 7, 6), true)), nodes, consts, List.of("y"));
    }

    private static void assertPreserves(Graph before, UnaryOperator<Graph> pass) {
        Graph after = pass.apply(before);
        Tensor x = random(99, before.inputs().get(0).shape().withBatch(3).dims());
        try (ReferenceBackend a = new ReferenceBackend(before, 1); ReferenceBackend b = new ReferenceBackend(after, 2)) {
            double diff = maxAbsDiff(a.run(x), b.run(x));
            assertTrue(diff <= TOLERANCE, "outputs moved by " + diff);
        }
    }

    @Test
    void constantFoldingEvaluatesConstantSubgraphs() {
        Graph g = network();
        Graph folded = ConstantFolding.apply(g);
        assertEquals(g.nodes().size() - 1, folded.nodes().size());
        assertEquals(1f, folded.constants().get("one").data()[0]);
        assertTrue(!folded.constants().containsKey("two"), "constants nothing reads are dropped");
        assertPreserves(g, ConstantFolding::apply);
    }

    @Test
    void batchNormFoldsIntoConvWhenLegal() {
        Graph g = network();
        Graph folded = BatchNormFolding.apply(g);
        assertEquals(g.nodes().size() - 2, folded.nodes().size());
        assertTrue(folded.nodes().stream().noneMatch(n -> n.op() instanceof BatchNorm));
        assertPreserves(g, BatchNormFolding::apply);
    }

    @Test
    void batchNormStaysWhenConvOutputHasAnotherReader() {
        Conv c = new Conv(random(1, 3, 2, 3, 3), null, K3, 1, Activation.NONE);
        List<Node> nodes = List.of(
                new Node("c", c, List.of("x"), "c"),
                new Node("bn", bn(3, 5), List.of("c"), "bn"),
                new Node("add", new Binary(BinaryKind.ADD, Activation.NONE), List.of("bn", "c"), "y"));
        Graph g = new Graph("g", List.of(new Value("x", Shape.of(2, 5, 5), true)), nodes, Map.of(), List.of("y"));
        Graph after = BatchNormFolding.apply(g);
        assertEquals(3, after.nodes().size());
        assertInstanceOf(BatchNorm.class, after.nodes().get(1).op());
        assertPreserves(g, BatchNormFolding::apply);
    }

    @Test
    void biasFoldingMakesMatMulPlusAddOneLayer() {
        Graph g = ConstantFolding.apply(network());
        Graph after = BiasFolding.apply(g);
        assertEquals(g.nodes().size() - 1, after.nodes().size(), "fc bias add folded");
        Dense fc = (Dense) after.producer("biased").op();
        assertTrue(fc.bias() != null);
        assertPreserves(g, BiasFolding::apply);
    }

    @Test
    void activationFusionMergesReluIntoProducers() {
        Graph g = network();
        Graph after = ActivationFusion.apply(g);
        assertEquals(g.nodes().size() - 2, after.nodes().size());
        assertEquals(new Activation.Relu(), after.producer("r2").op().activation(), "Relu fused into the residual Add");
        assertPreserves(g, ActivationFusion::apply);
    }

    @Test
    void standardPipelineLeavesConvBnReluAsOneConv() {
        Graph g = network();
        Graph after = Passes.standard(g);
        Node first = after.nodes().get(0);
        assertInstanceOf(Conv.class, first.op());
        assertEquals(new Activation.Relu(), first.op().activation());
        assertEquals("r1", first.output());
        assertPreserves(g, Passes::standard);
    }
}
