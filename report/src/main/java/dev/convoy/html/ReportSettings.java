package dev.convoy.html;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.manifold.Tsne;
import dev.convoy.visual.Robustness;

/**
 * What the report computes and on how many images.
 *
 * @param image            the test image of the feature-map and first occlusion pictures (index in the set)
 * @param occlusionImages  images with occlusion maps, from {@code image} on
 * @param patch            occlusion patch side, pixels (0: a seventh of the input's longer side, at least 3)
 * @param stride           occlusion step, pixels (0: half the patch)
 * @param fill             the occlusion patch: border (each channel's mean over the images' one-pixel frames), mean (each
 *                         channel's mean over the images) or a number
 * @param featureChannels  feature maps drawn per layer, the first ones
 * @param filterLayers     convolution layers whose kernels are drawn
 * @param tsneImages       images in the feature-space map
 * @param tsne             t-SNE settings
 * @param queries          nearest-neighbour query images
 * @param neighbours       neighbours per query
 * @param robustnessImages images each robustness condition runs on
 * @param conditions       the robustness conditions
 * @param validateImages   images of the per-layer error comparison
 * @param histogramImages  calibration images of the activation histograms
 * @param sensitivity      whether to rank the layers by sensitivity (one fp32 pass per layer)
 * @param hardware         the board of the hardware section, or null for none
 * @param batch            images per run
 */
public record ReportSettings(int image, int occlusionImages, int patch, int stride, String fill, int featureChannels, int filterLayers, int tsneImages,
                             Tsne tsne, int queries, int neighbours, int robustnessImages, Robustness.Conditions conditions,
                             int validateImages, int histogramImages, boolean sensitivity, HardwareConfig hardware, int batch) {
    /** Checks the counts. */
    public ReportSettings {
        if (image < 0) {
            throw new IllegalArgumentException("--image must be at least 0, got " + image);
        }
        if (tsneImages < 12) {
            throw new IllegalArgumentException("--tsne-images must be at least 12, got " + tsneImages);
        }
        if (robustnessImages < 1 || validateImages < 1 || histogramImages < 1 || batch < 1 || occlusionImages < 1) {
            throw new IllegalArgumentException("image counts and --batch must be at least 1");
        }
        if (!fill.equals("border") && !fill.equals("mean")) {
            try {
                if (!Float.isFinite(Float.parseFloat(fill))) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--occlusion-fill " + fill + ": expected border, mean or a finite number");
            }
        }
        if (patch < 0 || stride < 0) {
            throw new IllegalArgumentException("--patch and --stride must be at least 0");
        }
    }

    /** @return image 0, four occlusion maps, 2,000 t-SNE images, 1,000 robustness and validation images, 200 for histograms */
    public static ReportSettings defaults() {
        return new ReportSettings(0, 4, 0, 0, "border", 16, 3, 2000, Tsne.defaults(), 6, 5, 1000, Robustness.Conditions.defaults(), 1000, 200, false,
                null, 100);
    }

    /**
     * @param hw the board
     * @return these settings with a hardware section
     */
    public ReportSettings withHardware(HardwareConfig hw) {
        return new ReportSettings(image, occlusionImages, patch, stride, fill, featureChannels, filterLayers, tsneImages, tsne, queries, neighbours,
                robustnessImages, conditions, validateImages, histogramImages, sensitivity, hw, batch);
    }

    /**
     * @param tsneImages       images in the feature-space map
     * @param robustnessImages images per robustness condition
     * @param validateImages   images of the per-layer comparison
     * @return these settings with those counts
     */
    public ReportSettings withImages(int tsneImages, int robustnessImages, int validateImages) {
        return new ReportSettings(image, occlusionImages, patch, stride, fill, featureChannels, filterLayers, tsneImages, tsne, queries, neighbours,
                robustnessImages, conditions, validateImages, histogramImages, sensitivity, hardware, batch);
    }
}
