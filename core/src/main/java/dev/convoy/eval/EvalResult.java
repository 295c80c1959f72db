package dev.convoy.eval;

/**
 * Accuracy and speed of one evaluation run.
 *
 * @param images           images evaluated
 * @param correct          images whose highest-scoring class equals the label
 * @param top1             correct / images, a fraction in [0, 1]
 * @param seconds          wall-clock time of inference, excluding data loading, in seconds
 * @param imagesPerS       images / seconds
 * @param batch            images per backend call
 * @param topK             the k of {@code topKAccuracy}
 * @param topKAccuracy     fraction of images whose label is among the k highest scores (ties broken by class index)
 * @param perClassAccuracy top-1 accuracy of the images of each label, null (JSON null) for a label no image has
 * @param confusion        counts: row = label, column = predicted class (argmax)
 */
public record EvalResult(int images, int correct, double top1, double seconds, double imagesPerS, int batch, int topK,
                         @com.fasterxml.jackson.annotation.JsonProperty("top_k_accuracy") double topKAccuracy,
                         Double[] perClassAccuracy, int[][] confusion) {
}
