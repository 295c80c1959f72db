package dev.convoy.visual;

import dev.convoy.graph.Conv;
import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels of the convolution layers, fp32 and as the integer model holds them (integer weights times their
 * per-channel scale), with the scales. The fp32 kernels are the prepared graph's: batch normalisation folded in,
 * as the quantizer sees them.
 */
public final class Filters {
    private Filters() {
    }

    /**
     * One layer's kernels.
     *
     * @param node         the layer
     * @param outChannels  M
     * @param inChannels   C per group
     * @param kernelH      kernel rows
     * @param kernelW      kernel columns
     * @param fp32         M · C · kH · kW weights
     * @param quantized    the same, dequantized; null when the layer is an fp32 island
     * @param scales       per output channel, the real value of one integer step (null in an island)
     */
    public record Layer(String node, int outChannels, int inChannels, int kernelH, int kernelW, float[] fp32, float[] quantized,
                        float[] scales) {
        /** @return the largest |w| over both sides: one colour scale for the layer */
        public double absMax() {
            double m = 0;
            for (float v : fp32) {
                m = Math.max(m, Math.abs(v));
            }
            if (quantized != null) {
                for (float v : quantized) {
                    m = Math.max(m, Math.abs(v));
                }
            }
            return m;
        }
    }

    /**
     * @param g      the prepared fp32 graph
     * @param q      its quantized form
     * @param layers how many convolution layers, from the first
     * @return their kernels
     */
    public static List<Layer> of(Graph g, QuantizedModel q, int layers) {
        List<Layer> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (out.size() >= layers) {
                break;
            }
            if (!(n.op() instanceof Conv c) || c.weight().shape().rank() != 4) {
                continue;
            }
            int m = c.outChannels(), ci = c.weight().shape().dim(1), kh = c.weight().shape().dim(2), kw = c.weight().shape().dim(3);
            float[] dq = null, scales = null;
            for (QNode qn : q.layers()) {
                if (qn.name().equals(n.name()) && qn.layer() instanceof QLayer.QConv qc && qc.weight().length == c.weight().size()) {
                    scales = qc.weightScales();
                    dq = new float[qc.weight().length];
                    int taps = qc.taps();
                    for (int i = 0; i < dq.length; i++) {
                        dq[i] = qc.weight()[i] * scales[Math.min(scales.length - 1, i / taps)];
                    }
                }
            }
            out.add(new Layer(n.name(), m, ci, kh, kw, c.weight().data(), dq, scales));
        }
        return out;
    }
}
