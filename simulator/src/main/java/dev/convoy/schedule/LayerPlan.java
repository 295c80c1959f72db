package dev.convoy.schedule;

/**
 * How one layer runs on the hardware.
 *
 * @param layer            the layer
 * @param tiling           tile sizes (tiled arrays); for systolic arrays Tm×Tn are the array's columns×rows
 * @param computeCycles    cycles of computation (Zhang's formula, or SCALE-Sim's stall-free count)
 * @param inputBytes       on-chip input tile, bytes
 * @param weightBytes      on-chip weight tile, bytes
 * @param outputBytes      on-chip output tile, bytes
 * @param dramBytes        bytes moved off chip
 * @param computeRoofGops  computational roof at the board clock, GOP/s
 * @param ctc              computation-to-communication ratio, operations per byte
 * @param attainableGops   min(computational roof, CTC × bandwidth), GOP/s
 * @param bound            compute or memory
 */
public record LayerPlan(ConvLayer layer, Tiling tiling, long computeCycles, long inputBytes, long weightBytes, long outputBytes,
                        long dramBytes, double computeRoofGops, double ctc, double attainableGops, Bound bound) {
    /** What limits a layer. */
    public enum Bound {
        /** the PE array */
        COMPUTE,
        /** off-chip bandwidth */
        MEMORY
    }
}
