package dev.convoy.sim;

import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.Stage;
import java.util.List;

/** Layer shapes of published networks, for predictions beside published measurements. */
public final class Networks {
    private Networks() {
    }

    /**
     * AlexNet as PipeCNN runs it (CaffeNet layout, 227×227×3 input; conv2, conv4 and conv5 in two groups;
     * pooling and LRN not costed): five convolutions and three fully-connected layers. A batch of B images
     * runs each convolution B times and each fully-connected layer on B rows.
     *
     * @param batch images per run
     * @return the layers
     */
    public static List<ConvLayer> alexnet(int batch) {
        return List.of(
                new ConvLayer("conv1", "Conv", 3, 96, batch, 227, 227, 55, 55, 11, 11, 4),
                new ConvLayer("conv2", "Conv", 48, 128, 2 * batch, 31, 31, 27, 27, 5, 5, 1),
                new ConvLayer("conv3", "Conv", 256, 384, batch, 15, 15, 13, 13, 3, 3, 1),
                new ConvLayer("conv4", "Conv", 192, 192, 2 * batch, 15, 15, 13, 13, 3, 3, 1),
                new ConvLayer("conv5", "Conv", 192, 128, 2 * batch, 15, 15, 13, 13, 3, 3, 1),
                new ConvLayer("fc6", "Gemm", 9216, 4096, 1, batch, 1, batch, 1, 1, 1, 1),
                new ConvLayer("fc7", "Gemm", 4096, 4096, 1, batch, 1, batch, 1, 1, 1, 1),
                new ConvLayer("fc8", "Gemm", 4096, 1000, 1, batch, 1, batch, 1, 1, 1, 1));
    }

    /** The names {@link #named} knows. */
    public static final List<String> NAMES = List.of("alexnet", "resnet18", "resnet50", "mobilenetv2", "vgg16");

    /**
     * @param name alexnet, resnet18, resnet50, mobilenetv2 or vgg16
     * @return that network's stages at its published input size (AlexNet 227×227 as PipeCNN runs it; the others
     *     224×224 as torchvision defines them), ReLUs fused, batch norms folded
     * @throws dev.convoy.BadInputException for another name
     */
    public static List<Stage> named(String name) {
        return switch (name) {
            case "alexnet" -> alexnetStages();
            case "resnet18" -> resnet(false, new int[] {2, 2, 2, 2});
            case "resnet50" -> resnet(true, new int[] {3, 4, 6, 3});
            case "mobilenetv2" -> mobilenetV2();
            case "vgg16" -> vgg16();
            default -> throw new dev.convoy.BadInputException("net:" + name + " is not one of net:" + String.join(", net:", NAMES));
        };
    }

    /** AlexNet (CaffeNet layout) with its pooling beside the convolutions and its LRNs as passes over DRAM. */
    static List<Stage> alexnetStages() {
        NetworkShapes n = new NetworkShapes(3, 227, 227);
        n.conv("conv1", 96, 11, 4, 0).maxPool("pool1", 3, 2, 0, true).lrn("norm1");
        n.conv("conv2", 256, 5, 1, 2, 2).maxPool("pool2", 3, 2, 0, true).lrn("norm2");
        n.conv("conv3", 384, 3, 1, 1).conv("conv4", 384, 3, 1, 1, 2).conv("conv5", 256, 3, 1, 1, 2).maxPool("pool5", 3, 2, 0, true);
        return n.fc("fc6", 4096).fc("fc7", 4096).fc("fc8", 1000).stages();
    }

    private static List<Stage> resnet(boolean bottleneck, int[] blocks) {
        NetworkShapes n = new NetworkShapes(3, 224, 224);
        n.conv("conv1", 64, 7, 2, 3).maxPool("maxpool", 3, 2, 1, false);
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < blocks[stage]; b++) {
                String p = "layer" + (stage + 1) + "." + b + ".";
                int stride = b == 0 && stage > 0 ? 2 : 1;
                int inC = n.channels(), inH = n.rows(), inW = n.cols();
                int out = bottleneck ? 4 * widths[stage] : widths[stage];
                if (bottleneck) {
                    n.conv(p + "conv1", widths[stage], 1, 1, 0).conv(p + "conv2", widths[stage], 3, stride, 1).conv(p + "conv3", out, 1, 1, 0);
                } else {
                    n.conv(p + "conv1", out, 3, stride, 1).conv(p + "conv2", out, 3, 1, 1);
                }
                int oh = n.rows(), ow = n.cols();
                if (stride != 1 || inC != out) {
                    n.at(inC, inH, inW).conv(p + "downsample", out, 1, stride, 0);
                }
                n.at(out, oh, ow).add(p + "add");
            }
        }
        return n.globalPool("avgpool").fc("fc", 1000).stages();
    }

    private static List<Stage> mobilenetV2() {
        NetworkShapes n = new NetworkShapes(3, 224, 224);
        n.conv("features.0", 32, 3, 2, 1);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        int index = 1;
        for (int[] s : settings) {
            for (int i = 0; i < s[2]; i++) {
                String p = "features." + index++ + ".";
                int stride = i == 0 ? s[3] : 1, inC = n.channels(), hidden = inC * s[0];
                if (s[0] != 1) {
                    n.conv(p + "expand", hidden, 1, 1, 0);
                }
                n.conv(p + "depthwise", hidden, 3, stride, 1, hidden).conv(p + "project", s[1], 1, 1, 0);
                if (stride == 1 && inC == s[1]) {
                    n.add(p + "add");
                }
            }
        }
        return n.conv("features.18", 1280, 1, 1, 0).globalPool("avgpool").fc("classifier", 1000).stages();
    }

    private static List<Stage> vgg16() {
        NetworkShapes n = new NetworkShapes(3, 224, 224);
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int layer = 0;
        for (int[] block : blocks) {
            for (int out : block) {
                n.conv("features." + layer++, out, 3, 1, 1);
            }
            n.maxPool("features." + layer++, 2, 2, 0, false);
        }
        return n.fc("classifier.0", 4096).fc("classifier.3", 4096).fc("classifier.6", 1000).stages();
    }
}
