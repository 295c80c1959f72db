package dev.convoy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.GraphFixtures;
import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Summary figures against published numbers and the architectures' own arithmetic. */
class ModelSummaryTest {
    @Test
    void alexNetConv1ParameterSharingArgument() {
        // Krizhevsky et al. 2012 conv1 on a 227x227x3 input: 96 kernels 11x11x3, stride 4 -> 55x55x96.
        // CS231n's figures: 34,944 shared parameters; 105,705,600 without sharing.
        Conv conv1 = new Conv(Tensor.zeros(Shape.of(96, 3, 11, 11)), new float[96],
                new Window(11, 11, 4, 4, 1, 1, Padding.NONE, false), 1, Activation.NONE);
        Graph g = new Graph("alexnet-conv1", List.of(new Value("x", Shape.of(3, 227, 227), true)),
                List.of(new Node("conv1", conv1, List.of("x"), "y")), Map.of(), List.of("y"));
        LayerSummary l = ModelSummary.of(g).layers().get(0);
        assertEquals("[N,96,55,55]", l.outputShape());
        assertEquals(34_944, l.parameters());
        assertEquals(105_705_600, l.locallyConnectedParameters());
        assertEquals(154_587L * 290_400 + 290_400, l.fullyConnectedParameters());
        assertEquals(105_415_200, l.macs()); // 55·55·96 outputs × 363 taps
        assertEquals("11x11", l.receptiveField());
    }

    @Test
    void leNet5Fixture() {
        ModelSummary s = ModelSummary.of(OnnxImporter.load(GraphFixtures.fixtures().resolve("lenet5.onnx")));
        // 6·(25+1) + 16·(150+1) + 120·(400+1) + 84·(120+1) + 10·(84+1)
        assertEquals(61_706, s.totalParameters());
        // 28·28·6·25 + 10·10·16·150 + 400·120 + 120·84 + 84·10
        assertEquals(416_520, s.totalMacs());
        LayerSummary conv2 = s.layers().stream().filter(l -> l.name().equals("/conv2/Conv")).findFirst().orElseThrow();
        // conv1 5 -> pool 2 (jump 2): 6 -> conv2 5 taps at jump 2: 6 + 4·2 = 14
        assertEquals("14x14", conv2.receptiveField());
        assertEquals("[N,10]", s.layers().get(s.layers().size() - 1).outputShape());
    }
}
