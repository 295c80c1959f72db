package dev.convoy.quant;

import dev.convoy.graph.PadMode;
import dev.convoy.graph.Window;

/**
 * An integer operator of a {@link QuantizedModel}: everything its kernel needs, already in integers.
 * Convolution covers Conv, Gemm (a 1×1 convolution on a 1×1 image), BatchNorm and per-channel arithmetic
 * (depthwise 1×1) and average pooling (depthwise, weights standing for 1/N).
 */
public sealed interface QLayer {
    /** @return a short name for reports, e.g. {@code QConv} */
    String type();

    /**
     * Integer convolution: acc[m] = bias[m] + Σ (x − inputZeroPoint) · w, padded taps contributing 0,
     * then the output stage.
     *
     * @param weight          [M, C/groups, kH, kW] row-major
     * @param bias            per output channel, in the accumulator's units
     * @param window          kernel geometry
     * @param groups          channel groups
     * @param outChannels     M
     * @param inputZeroPoint  subtracted from every input integer
     * @param out             requantization, zero point and clamp
     * @param weightScales    per-channel real value of one weight step (for export and reports)
     * @param origin          what the layer came from: Conv, Gemm, BatchNormalization, GlobalAveragePool, ...
     */
    record QConv(int[] weight, long[] bias, Window window, int groups, int outChannels, int inputZeroPoint,
                 OutputStage out, float[] weightScales, String origin) implements QLayer {
        /** @return kernel taps per output, C/groups · kH · kW */
        public int taps() {
            return weight.length / outChannels;
        }

        @Override
        public String type() {
            return "QConv(" + origin + ")";
        }
    }

    /**
     * Max pooling on raw integers (input and output share one format).
     *
     * @param window kernel geometry
     */
    record QMaxPool(Window window) implements QLayer {
        @Override
        public String type() {
            return "QMaxPool";
        }
    }

    /**
     * Elementwise sum of two tensors in different formats, by the mode's rule.
     *
     * @param a  first input's format
     * @param b  second input's format
     * @param y  output format
     * @param lo lowest output integer (fused ReLU)
     * @param hi highest output integer
     */
    record QAdd(ActQuant a, ActQuant b, ActQuant y, int lo, int hi) implements QLayer {
        @Override
        public String type() {
            return "QAdd";
        }
    }

    /**
     * An elementwise function as a table over every input integer (integer-only at run time).
     *
     * @param table output integer for input qmin + i
     * @param qmin  the input format's smallest integer
     * @param name  the function, for reports
     */
    record QLut(int[] table, int qmin, String name) implements QLayer {
        @Override
        public String type() {
            return "QLut(" + name + ")";
        }
    }

    /** A reshape: same integers, new shape. */
    record QReshape() implements QLayer {
        @Override
        public String type() {
            return "QReshape";
        }
    }

    /**
     * Concatenation of inputs that share one format.
     *
     * @param axis per-sample axis
     */
    record QConcat(int axis) implements QLayer {
        @Override
        public String type() {
            return "QConcat";
        }
    }

    /**
     * Border padding in the integer domain.
     *
     * @param begin per-sample axis pads before
     * @param end   per-sample axis pads after
     * @param mode  constant, reflect or edge
     * @param value the fill integer (the quantized constant)
     */
    record QPad(int[] begin, int[] end, PadMode mode, int value) implements QLayer {
        @Override
        public String type() {
            return "QPad";
        }
    }
}
