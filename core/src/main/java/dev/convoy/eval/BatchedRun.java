package dev.convoy.eval;

import dev.convoy.data.ImageSource;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/**
 * Feeds a dataset through a model batch by batch, collecting the outputs [N, classes]. The time counts the
 * whole stream — slicing the batches out of the dataset included — because a streaming model does that
 * work while the device computes.
 */
public final class BatchedRun {
    private BatchedRun() {
    }

    /**
     * The outputs and the time spent producing them.
     *
     * @param outputs [N, classes]
     * @param nanos   time inside the model, in nanoseconds
     */
    public record Outputs(Tensor outputs, long nanos) {
    }

    /**
     * @param model    maps a batch [B, C, H, W] to scores [B, classes]
     * @param data     the images
     * @param batch    images per call, at least 1
     * @param progress told after every batch
     * @return all outputs, in dataset order
     */
    public static Outputs run(UnaryOperator<Tensor> model, ImageSource data, int batch, Progress progress) {
        return stream(BatchStream.of(model), data, batch, progress);
    }

    /**
     * @param model    maps a stream of batches [B, C, H, W] to scores [B, classes]
     * @param data     the images
     * @param batch    images per batch, at least 1
     * @param progress told after every batch
     * @return all outputs, in dataset order, and the stream's wall time
     */
    public static Outputs stream(BatchStream model, ImageSource data, int batch, Progress progress) {
        int n = data.size();
        float[][] all = {null};
        int[] done = {0};
        Iterator<Tensor> batches = new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public Tensor next() {
                if (from >= n) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(n, from + batch);
                Tensor t = data.images(from, to);
                from = to;
                return t;
            }
        };
        long t0 = System.nanoTime();
        model.run(batches, out -> {
            int rows = Math.min(batch, n - done[0]);
            if (all[0] == null) {
                all[0] = new float[n * (out.size() / rows)];
            }
            int classes = all[0].length / n;
            if (out.size() != rows * classes) {
                throw new IllegalStateException("batch at image " + done[0] + ": " + out.size() + " outputs, expected " + rows * classes);
            }
            NonFiniteException.requireFinite(out, done[0], "the model output");
            System.arraycopy(out.data(), 0, all[0], done[0] * classes, out.size());
            done[0] += rows;
            progress.update(done[0], n);
        });
        long nanos = System.nanoTime() - t0;
        int classes = all[0] == null ? 0 : all[0].length / n;
        return new Outputs(new Tensor(Shape.of(n, classes), all[0] == null ? new float[0] : all[0]), nanos);
    }

    /**
     * @param scores [N, classes]
     * @param labels N labels
     * @return how many rows have their maximum (first on ties, as numpy.argmax) at the label
     */
    public static int correct(Tensor scores, int[] labels) {
        int classes = scores.shape().dim(1);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (argmax(scores.data(), i * classes, classes) == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * @param v      values
     * @param offset first element
     * @param length how many
     * @return index (relative to offset) of the first largest element
     */
    public static int argmax(float[] v, int offset, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (v[offset + k] > v[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * @param model    the model
     * @param data     labelled images
     * @param batch    images per call
     * @param progress told after every batch
     * @return top-1 accuracy and throughput
     */
    public static EvalResult evaluate(UnaryOperator<Tensor> model, ImageSource data, int batch, Progress progress) {
        return evaluateStream(BatchStream.of(model), data, batch, progress);
    }

    /**
     * @param model    the model, fed a stream of batches
     * @param data     labelled images
     * @param batch    images per batch
     * @param progress told after every batch
     * @return top-1 accuracy and throughput
     */
    public static EvalResult evaluateStream(BatchStream model, ImageSource data, int batch, Progress progress) {
        return evaluateStream(model, data, batch, progress, 5);
    }

    /**
     * @param model    the model, fed a stream of batches
     * @param data     labelled images
     * @param batch    images per batch
     * @param progress told after every batch
     * @param k        the k of the top-k accuracy (cut to the number of classes)
     * @return top-1 and top-k accuracy, per-class accuracy, the confusion matrix and throughput
     * @throws dev.convoy.BadInputException when a label is not one of the model's classes
     */
    public static EvalResult evaluateStream(BatchStream model, ImageSource data, int batch, Progress progress, int k) {
        return score(stream(model, data, batch, progress), data.labels(0, data.size()), data.name(), batch, k);
    }

    /**
     * @param o      a run's outputs [N, classes] and time
     * @param labels the N labels
     * @param name   the data's name, for messages
     * @param batch  images per batch of the run
     * @param k      the k of the top-k accuracy (cut to the number of classes)
     * @return top-1 and top-k accuracy, per-class accuracy, the confusion matrix and throughput
     * @throws dev.convoy.BadInputException when a label is not one of the model's classes
     */
    public static EvalResult score(Outputs o, int[] labels, String name, int batch, int k) {
        Tensor scores = o.outputs();
        int n = labels.length, classes = n == 0 ? 0 : scores.size() / n;
        int[][] confusion = new int[classes][classes];
        int correct = 0, inTopK = 0, kk = Math.max(1, Math.min(k, classes));
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new dev.convoy.BadInputException(name + ": label " + label + " of image " + i + " is not one of the model's "
                        + classes + " classes");
            }
            int predicted = argmax(scores.data(), i * classes, classes);
            confusion[label][predicted]++;
            correct += predicted == label ? 1 : 0;
            // the label is in the top k when fewer than k classes score strictly higher (or equal with a lower index)
            float own = scores.data()[i * classes + label];
            int ahead = 0;
            for (int c = 0; c < classes; c++) {
                float v = scores.data()[i * classes + c];
                if (v > own || (v == own && c < label)) {
                    ahead++;
                }
            }
            inTopK += ahead < kk ? 1 : 0;
        }
        Double[] perClass = new Double[classes];
        for (int c = 0; c < classes; c++) {
            int total = java.util.Arrays.stream(confusion[c]).sum();
            perClass[c] = total == 0 ? null : (double) confusion[c][c] / total;
        }
        double s = o.nanos() / 1e9;
        return new EvalResult(n, correct, n == 0 ? 0 : (double) correct / n, s, s > 0 ? n / s : 0, batch, kk,
                n == 0 ? 0 : (double) inTopK / n, perClass, confusion);
    }
}
