package dev.convoy.sim;

import dev.convoy.schedule.ConvLayer;
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
}
