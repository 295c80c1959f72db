package dev.convoy.eval;

import dev.convoy.data.LabelledImages;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Feeds a dataset through a model batch by batch, collecting the outputs [N, classes] and timing the model
 * calls only.
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
    public static Outputs run(UnaryOperator<Tensor> model, LabelledImages data, int batch, Progress progress) {
        int n = data.size();
        float[] all = null;
        int classes = 0;
        long nanos = 0;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            Tensor in = data.batch(from, to);
            long t0 = System.nanoTime();
            Tensor out = model.apply(in);
            nanos += System.nanoTime() - t0;
            if (all == null) {
                classes = out.size() / (to - from);
                all = new float[n * classes];
            }
            System.arraycopy(out.data(), 0, all, from * classes, out.size());
            progress.update(to, n);
        }
        return new Outputs(new Tensor(Shape.of(n, classes), all == null ? new float[0] : all), nanos);
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
    public static EvalResult evaluate(UnaryOperator<Tensor> model, LabelledImages data, int batch, Progress progress) {
        Outputs o = run(model, data, batch, progress);
        int correct = correct(o.outputs(), data.labels());
        double s = o.nanos() / 1e9;
        return new EvalResult(data.size(), correct, data.size() == 0 ? 0 : (double) correct / data.size(), s,
                s > 0 ? data.size() / s : 0, batch);
    }
}
