package dev.convoy.graph;

/**
 * The geometry shared by convolution and pooling: kernel, stride, dilation and padding along H and W.
 *
 * @param kernelH  kernel rows
 * @param kernelW  kernel columns
 * @param strideH  step between output rows, in input pixels
 * @param strideW  step between output columns, in input pixels
 * @param dilationH spacing between kernel rows (1 = dense)
 * @param dilationW spacing between kernel columns (1 = dense)
 * @param padding  zero padding around the input
 * @param ceilMode round the output size up instead of down (pooling only)
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
                     Padding padding, boolean ceilMode) {
    /** Rejects non-positive sizes. */
    public Window {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW + " must be at least 1x1");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("stride " + strideH + "x" + strideW + " must be at least 1");
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("dilation " + dilationH + "x" + dilationW + " must be at least 1");
        }
    }

    /** @return the kernel's extent in input rows, (kH − 1)·dH + 1 */
    public int extentH() {
        return (kernelH - 1) * dilationH + 1;
    }

    /** @return the kernel's extent in input columns, (kW − 1)·dW + 1 */
    public int extentW() {
        return (kernelW - 1) * dilationW + 1;
    }

    /**
     * @param in input rows
     * @return output rows
     */
    public int outH(int in) {
        return outSize(in, padding.top(), padding.bottom(), extentH(), strideH, "height");
    }

    /**
     * @param in input columns
     * @return output columns
     */
    public int outW(int in) {
        return outSize(in, padding.left(), padding.right(), extentW(), strideW, "width");
    }

    private int outSize(int in, int padBegin, int padEnd, int extent, int stride, String axis) {
        long span = (long) in + padBegin + padEnd - extent;
        if (span < 0) {
            throw new IllegalArgumentException("kernel extent " + extent + " exceeds padded input " + axis + " "
                    + (in + padBegin + padEnd));
        }
        long out = ceilMode ? Math.floorDiv(span + stride - 1, stride) + 1 : span / stride + 1;
        // ceil mode: the last window must start inside the input or its leading padding (PyTorch, ONNX Runtime)
        if (ceilMode && (out - 1) * stride >= in + padBegin) {
            out--;
        }
        return (int) out;
    }
}
