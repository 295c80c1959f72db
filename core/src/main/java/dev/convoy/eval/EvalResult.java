package dev.convoy.eval;

/**
 * Accuracy and speed of one evaluation run.
 *
 * @param images       images evaluated
 * @param correct      images whose highest-scoring class equals the label
 * @param top1         correct / images, a fraction in [0, 1]
 * @param seconds      wall-clock time of inference, excluding data loading, in seconds
 * @param imagesPerS   images / seconds
 * @param batch        images per backend call
 */
public record EvalResult(int images, int correct, double top1, double seconds, double imagesPerS, int batch) {
}
