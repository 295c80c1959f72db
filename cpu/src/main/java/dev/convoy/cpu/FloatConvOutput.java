package dev.convoy.cpu;

import dev.convoy.graph.Activation;

/**
 * fp32 results of a {@link GemmConv}: bias added and the fused activation applied while each C block is copied
 * into the output.
 *
 * @param out        n samples [M, P] back to back
 * @param bias       per output channel, or null
 * @param activation the fused activation
 * @param m          output channels
 * @param p          positions per sample
 */
record FloatConvOutput(float[] out, float[] bias, Activation activation, int m, int p) implements GemmConv.ConvOutput {
    @Override
    public boolean chunked() {
        return false;
    }

    @Override
    public void chunk(float[] cBuf, int[] acc, int rows, int ncPad, boolean first) {
        throw new IllegalStateException("fp32 sums are not chunked");
    }

    @Override
    public void finish(float[] cBuf, int[] acc, int from, int ldc, int b, int oc0, int rows, int[] position, int[] length, int first, int count,
                       int step) {
        for (int r = 0; r < rows; r++) {
            int oc = oc0 + r;
            Epilogue.applyRuns(cBuf, from + r * ldc, step, out, (b * m + oc) * p, position, length, first, count,
                    bias == null ? 0f : bias[oc], activation);
        }
    }
}
