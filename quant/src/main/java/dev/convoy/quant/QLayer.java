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
     * Elementwise product of two tensors in different formats, broadcasting (squeeze-excitation's [C,H,W] ×
     * [C,1,1], SiLU's x · sigmoid(x)), by the mode's rule: onnx — DequantizeLinear both, multiply in float32,
     * QuantizeLinear (what ONNX Runtime computes for DequantizeLinear → Mul → QuantizeLinear); tflite — TFLite's
     * integer MUL: (a − za)(b − zb) scaled by the Q31 multiplier of sa·sb/sy; shift — the exact product at
     * Fa + Fb fractional bits converted to the output's Q(W, F) with its rounding and overflow.
     *
     * @param a     first input's format
     * @param b     second input's format
     * @param y     output format
     * @param scale tflite: the requantizer of sa·sb/sy; shift: the conversion to y; onnx: unused (null)
     * @param lo    lowest output integer (fused ReLU)
     * @param hi    highest output integer
     */
    record QMul(ActQuant a, ActQuant b, ActQuant y, Requantizer scale, int lo, int hi) implements QLayer {
        /**
         * @param a  first input's format
         * @param b  second input's format
         * @param y  output format (its mode decides the rule)
         * @param lo lowest output integer
         * @param hi highest output integer
         * @return the layer, with the requantizer its mode needs
         */
        public static QMul of(ActQuant a, ActQuant b, ActQuant y, int lo, int hi) {
            Requantizer scale = switch (y.mode()) {
                case ONNX -> null;
                case TFLITE -> Requantizer.affine(RequantMode.TFLITE, a, b.scale(), y);
                case SHIFT -> new Requantizer.Shift(y.fixed(), a.frac() + b.frac());
            };
            return new QMul(a, b, y, scale, lo, hi);
        }

        @Override
        public String type() {
            return "QMul";
        }
    }

    /**
     * An elementwise function as a table over every input integer (integer-only at run time).
     *
     * @param table    output integer for input qmin + i
     * @param qmin     the input format's smallest integer
     * @param function the fp32 function the table samples (for export and reports)
     */
    record QLut(int[] table, int qmin, dev.convoy.graph.Activation function) implements QLayer {
        /** @return the function's ONNX name */
        public String name() {
            return function.type();
        }

        @Override
        public String type() {
            return "QLut(" + name() + ")";
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

    /**
     * An fp32 island: the inputs are dequantized, a small fp32 graph runs on the reference kernels, and its
     * result is quantized to the output's format (Dequantize → ops → Quantize, as ONNX Runtime's QDQ format
     * runs it). Used for what the integer path has no exact layer for, and for nodes the user excludes.
     *
     * @param graph  the fp32 nodes: its inputs are named as the integer values they dequantize, its one output
     *               as the integer value it quantizes to; a folded ReLU/Clip is a node of it
     * @param reason why the nodes stay in fp32, for reports ("excluded", or what the integer path lacks)
     */
    record QFloat(dev.convoy.graph.Graph graph, String reason) implements QLayer {
        @Override
        public String type() {
            return "fp32 " + graph.nodes().get(0).op().type();
        }
    }

    /**
     * Transpose, Slice or Gather on integers: the same index map as fp32, the format unchanged.
     *
     * @param op the rearrangement
     */
    record QMove(dev.convoy.graph.Rearrangement op) implements QLayer {
        @Override
        public String type() {
            return "Q" + ((dev.convoy.graph.Op) op).type();
        }
    }
}
