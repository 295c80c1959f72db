package dev.convoy.sim.bandwidth;

/**
 * The three operand matrices of a layer mapped as a matrix product, as SCALE-Sim v2 addresses them
 * ({@code compute/operand_matrix.py}): the ifmap operand (pixels × window), the filter operand (window × filters)
 * and the ofmap operand (pixels × filters). Addresses count words from the start of each operand's own space
 * (SCALE-Sim adds 0, 10,000,000 and 20,000,000 so the three never collide; here each buffer sees only its own).
 *
 * @param pixels   output pixels of all images (rows of the ifmap operand)
 * @param window   filter rows × columns × channels (columns of the ifmap operand)
 * @param filters  filters (columns of the filter and ofmap operands)
 * @param ifmapH   input rows, padding included
 * @param ifmapW   input columns, padding included
 * @param channels input channels
 * @param filterW  filter columns
 * @param outW     output columns
 * @param stride   stride (rows and columns)
 * @param perImage output pixels of one image
 */
public record OperandAddresses(long pixels, int window, int filters, int ifmapH, int ifmapW, int channels, int filterW,
                               int outW, int stride, long perImage) {
    /** Word that no request reads (SCALE-Sim's -1: padding, an unused array row or column, a pipeline bubble). */
    public static final int NONE = -1;

    /**
     * A convolution as SCALE-Sim lays it out (channels innermost), its images side by side in the pixel dimension,
     * each image's ifmap after the previous one's.
     *
     * @param ifmapH   input rows, padding included
     * @param ifmapW   input columns, padding included
     * @param filterH  filter rows
     * @param filterW  filter columns
     * @param channels input channels
     * @param filters  filters
     * @param stride   stride
     * @param images   images
     * @return the operands; output sizes by SCALE-Sim's rule ⌈(H − K + S)/S⌉
     */
    public static OperandAddresses conv(int ifmapH, int ifmapW, int filterH, int filterW, int channels, int filters, int stride,
                                        int images) {
        long outH = Math.floorDiv(ifmapH - filterH + stride + stride - 1, stride);
        long outW = Math.floorDiv(ifmapW - filterW + stride + stride - 1, stride);
        long perImage = outH * outW;
        long window = (long) filterH * filterW * channels;
        long ifmapWords = (long) ifmapH * ifmapW * channels * images;
        if (perImage <= 0 || window > Integer.MAX_VALUE || ifmapWords > Integer.MAX_VALUE
                || perImage * images * filters > Integer.MAX_VALUE || window * filters > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer too large for the trace-driven bandwidth model (an operand exceeds 2^31 words)");
        }
        return new OperandAddresses(perImage * images, (int) window, filters, ifmapH, ifmapW, channels, filterW, (int) outW, stride,
                perImage);
    }

    /**
     * @param p pixel row, in [0, pixels)
     * @param j window column, in [0, window)
     * @return the ifmap word the pixel's window reads there, or {@link #NONE} past the input's edge
     */
    public int ifmap(long p, int j) {
        long image = p / perImage, q = p % perImage;
        long inRow = (q / outW) * stride, inCol = (q % outW) * stride;
        int perRow = filterW * channels;
        int cRow = j / perRow, k = j % perRow, cCol = k / channels, ch = k % channels;
        if (cRow + inRow >= ifmapH || cCol + inCol >= ifmapW) {
            return NONE;
        }
        return (int) (image * ifmapH * ifmapW * channels + (inRow + cRow) * ifmapW * channels + (inCol + cCol) * channels + ch);
    }

    /**
     * @param j window row
     * @param n filter
     * @return the filter word (filters stored one after another)
     */
    public int filter(int j, int n) {
        return n * window + j;
    }

    /**
     * @param p pixel
     * @param n filter
     * @return the ofmap word (filters innermost)
     */
    public int ofmap(long p, int n) {
        return (int) (p * filters + n);
    }

    /** @return words of the ifmap space (all images) */
    public int ifmapWords() {
        return (int) ((pixels / perImage) * ifmapH * ifmapW * channels);
    }

    /** @return words of the filter space */
    public int filterWords() {
        return window * filters;
    }
}
