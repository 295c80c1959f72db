package dev.convoy.bench;

import dev.convoy.graph.Activation;
import dev.convoy.graph.Binary;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Conv;
import dev.convoy.graph.Dense;
import dev.convoy.graph.Flatten;
import dev.convoy.graph.GlobalPool;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.graph.Padding;
import dev.convoy.graph.Pool;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.Value;
import dev.convoy.graph.Window;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ResNet-50 (He et al. 2016, v1.5 strides) on a 224×224×3 input, built in code with random weights: 53
 * convolutions in 16 bottleneck blocks, max pooling, global average pooling and a 1000-way Gemm.
 */
final class ResNet50 {
    private final List<Node> nodes = new ArrayList<>();
    private final Random random = new Random(50);
    private int count;

    private ResNet50() {
    }

    static Graph build() {
        ResNet50 b = new ResNet50();
        String x = b.conv("input", 3, 64, 7, 2, 3, true);
        x = b.node(new Pool(PoolKind.MAX, new Window(3, 3, 2, 2, 1, 1, new Padding(1, 1, 1, 1), false), false), x);
        int in = 64;
        int[][] stages = {{64, 3}, {128, 4}, {256, 6}, {512, 3}};
        for (int s = 0; s < stages.length; s++) {
            int width = stages[s][0];
            for (int blk = 0; blk < stages[s][1]; blk++) {
                int stride = blk == 0 && s > 0 ? 2 : 1;
                String a = b.conv(x, in, width, 1, 1, 0, true);
                a = b.conv(a, width, width, 3, stride, 1, true);
                a = b.conv(a, width, 4 * width, 1, 1, 0, false);
                String shortcut = blk == 0 ? b.conv(x, in, 4 * width, 1, stride, 0, false) : x;
                x = b.node(new Binary(BinaryKind.ADD, new Activation.Relu()), a, shortcut);
                in = 4 * width;
            }
        }
        x = b.node(new GlobalPool(PoolKind.AVERAGE), x);
        x = b.node(new Flatten(1), x);
        float[] w = new float[1000 * 2048];
        x = b.node(new Dense(new Tensor(Shape.of(1000, 2048), w), new float[1000], Activation.NONE), x);
        return new Graph("resnet50", List.of(new Value("input", Shape.of(3, 224, 224), true)), b.nodes, Map.of(), List.of(x));
    }

    private String conv(String in, int cin, int cout, int k, int stride, int pad, boolean relu) {
        float[] w = new float[cout * cin * k * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.05);
        }
        Conv c = new Conv(new Tensor(Shape.of(cout, cin, k, k), w), new float[cout],
                new Window(k, k, stride, stride, 1, 1, new Padding(pad, pad, pad, pad), false), 1, relu ? new Activation.Relu() : Activation.NONE);
        return node(c, in);
    }

    private String node(dev.convoy.graph.Op op, String... inputs) {
        String name = "n" + (count++);
        nodes.add(new Node(name, op, List.of(inputs), name));
        return name;
    }
}
