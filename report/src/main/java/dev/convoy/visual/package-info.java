/**
 * What the report shows, computed: a {@link dev.convoy.visual.Probe} runs the fp32 model and its quantized form
 * side by side and reads any layer of either; on it, {@link dev.convoy.visual.FeatureMaps},
 * {@link dev.convoy.visual.Occlusion} (Zeiler &amp; Fergus), {@link dev.convoy.visual.FeatureSpace} (t-SNE of the
 * penultimate features, nearest neighbours), {@link dev.convoy.visual.Robustness} under the
 * {@link dev.convoy.visual.Augmentations} CNNs are trained with, and {@link dev.convoy.visual.Filters}. Pure data:
 * the HTML is drawn elsewhere.
 */
package dev.convoy.visual;
