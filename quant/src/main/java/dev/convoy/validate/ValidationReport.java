package dev.convoy.validate;

import dev.convoy.report.Table;
import java.util.List;
import java.util.Locale;

/**
 * fp32 against quantized, on the same images.
 *
 * @param model          model name
 * @param quantization   how it was quantized (one line)
 * @param images         test images
 * @param top1Reference  fp32 top-1, a fraction
 * @param top1Quantized  quantized top-1, a fraction
 * @param agreement      fraction of images where both predict the same class
 * @param dropPoints     (top1Reference − top1Quantized) · 100, in percentage points
 * @param layers         per-layer errors in execution order
 * @param islands        layers kept in fp32 (Dequantize → op → Quantize), by name, with the reason
 */
public record ValidationReport(String model, String quantization, int images, double top1Reference, double top1Quantized,
                               double agreement, double dropPoints, List<LayerError> layers, java.util.Map<String, String> islands) {
    /**
     * @param maxDrop the largest acceptable drop, in points
     * @return whether the quantized model passes
     */
    public boolean passes(double maxDrop) {
        return dropPoints <= maxDrop;
    }

    /** @return the summary and per-layer table as text */
    public String toText() {
        Table t = new Table("layer", "op", "format", "SQNR dB", "max |err|");
        for (LayerError l : layers) {
            t.row(l.name(), l.op(), l.format(), Double.isInfinite(l.sqnrDb()) ? "inf" : String.format(Locale.ROOT, "%.1f", l.sqnrDb()),
                    String.format(Locale.ROOT, "%.4g", l.maxAbsError()));
        }
        return String.format(Locale.ROOT, "%s, %s, %d images%n", model, quantization, images)
                + String.format(Locale.ROOT, "top-1 fp32 %.2f%%, quantized %.2f%% (drop %.2f points), agreement %.2f%%%n",
                        100 * top1Reference, 100 * top1Quantized, dropPoints, 100 * agreement)
                + t.render()
                + (islands.isEmpty() ? "" : "fp32 islands (" + islands.size() + "): " + islands.entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining("; ")) + System.lineSeparator());
    }
}
