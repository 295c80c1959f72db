package dev.convoy.cli;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ResNet-18/50 convolution shapes {@code convoy bench --suite resnet-conv} times, one layer per graph
 * with N(0, 0.05²) weights: the 3×3 layers of each stage (shared by ResNet-18 and ResNet-50) and the 1×1
 * bottleneck reductions and expansions of ResNet-50 (He et al. 2016). {@code tools/bench/cudnn_baseline.py}
 * times the same list in PyTorch.
 */
final class ConvSuite {
    /** One layer: input channels, spatial size (square), output channels, kernel, stride, padding. */
    record Layer(String name, int c, int hw, int m, int k, int stride, int pad) {
        Graph graph() {
            Random r = new Random(name.hashCode());
            float[] w = new float[m * c * k * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 0.05);
            }
            Conv conv = new Conv(new Tensor(Shape.of(m, c, k, k), w), new float[m],
                    new Window(k, k, stride, stride, 1, 1, new Padding(pad, pad, pad, pad), false), 1, Activation.NONE);
            return new Graph(name, List.of(new Value("x", Shape.of(c, hw, hw), true)), List.of(new Node(name, conv, List.of("x"), "y")),
                    Map.of(), List.of("y"));
        }
    }

    static final List<Layer> RESNET = List.of(
            new Layer("3x3-c64-56", 64, 56, 64, 3, 1, 1),
            new Layer("3x3-c128-28", 128, 28, 128, 3, 1, 1),
            new Layer("3x3-c256-14", 256, 14, 256, 3, 1, 1),
            new Layer("3x3-c512-7", 512, 7, 512, 3, 1, 1),
            new Layer("3x3-c128-56-s2", 128, 56, 128, 3, 2, 1),
            new Layer("1x1-c64-56-m256", 64, 56, 256, 1, 1, 0),
            new Layer("1x1-c256-56-m64", 256, 56, 64, 1, 1, 0),
            new Layer("1x1-c512-28-m128", 512, 28, 128, 1, 1, 0),
            new Layer("1x1-c1024-14-m256", 1024, 14, 256, 1, 1, 0),
            new Layer("1x1-c2048-7-m512", 2048, 7, 512, 1, 1, 0));

    private ConvSuite() {
    }
}
