package dev.convoy.eval;

import dev.convoy.BadInputException;
import dev.convoy.io.NpyArray;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model's outputs against reference outputs for the same inputs (e.g. logits saved from PyTorch or ONNX Runtime),
 * for data without labels or to judge a port: error statistics over every output element and agreement of the
 * highest-scoring class per row.
 *
 * @param rows             output rows compared (images)
 * @param elements         output elements compared
 * @param maxAbsError      largest |output − reference|
 * @param meanAbsError     mean |output − reference|
 * @param sqnrDb           10·log10(Σ reference² / Σ (output − reference)²), in dB; null when the outputs equal the
 *                         reference exactly (infinite)
 * @param argmaxAgreement  fraction of rows whose argmax (first on ties) equals the reference's
 * @param agreeing         rows whose argmax agrees
 */
public record ReferenceComparison(int rows, long elements, double maxAbsError, double meanAbsError, Double sqnrDb,
                                  double argmaxAgreement, int agreeing) {
    /**
     * @param outputs   the model's outputs, [N, …]
     * @param reference the reference, the same shape
     * @return the comparison
     * @throws IllegalArgumentException when the shapes differ
     */
    public static ReferenceComparison of(Tensor outputs, Tensor reference) {
        if (!outputs.shape().equals(reference.shape())) {
            throw new IllegalArgumentException("outputs " + outputs.shape() + " vs reference " + reference.shape());
        }
        float[] a = outputs.data(), r = reference.data();
        int n = outputs.shape().dim(0);
        int per = n == 0 ? 0 : a.length / n;
        double max = 0, sum = 0, signal = 0, noise = 0;
        int agree = 0;
        for (int i = 0; i < a.length; i++) {
            double e = (double) a[i] - r[i];
            max = Math.max(max, Math.abs(e));
            sum += Math.abs(e);
            signal += (double) r[i] * r[i];
            noise += e * e;
        }
        for (int row = 0; row < n; row++) {
            agree += BatchedRun.argmax(a, row * per, per) == BatchedRun.argmax(r, row * per, per) ? 1 : 0;
        }
        return new ReferenceComparison(n, a.length, max, a.length == 0 ? 0 : sum / a.length,
                noise == 0 ? null : 10 * Math.log10(signal / noise), n == 0 ? 0 : (double) agree / n, agree);
    }

    /**
     * @param file    a {@code .npy} of reference outputs (float32 or float64), one row per input
     * @param outputs the outputs to compare it with, [N, …]
     * @param first   whether the outputs are of the first N inputs only ({@code --limit}): the file's first N rows
     *                are used; otherwise the file must have exactly N rows
     * @return the reference rows, shaped as {@code outputs}
     * @throws BadInputException naming the file when its dtype is not floating point, it has fewer rows than the
     *                           outputs, or its rows are not the outputs' shape
     */
    public static Tensor read(Path file, Tensor outputs, boolean first) {
        try (NpyArray a = NpyArray.open(file)) {
            if (!a.dtype().floating()) {
                throw new BadInputException(file + ": reference outputs of dtype " + a.dtype().name().toLowerCase(java.util.Locale.ROOT)
                        + "; expected float32 or float64");
            }
            int n = outputs.shape().dim(0);
            long[] per = Arrays.copyOfRange(a.dims(), Math.min(1, a.dims().length), a.dims().length);
            long[] want = Arrays.stream(outputs.shape().dims()).skip(1).asLongStream().toArray();
            if (a.dims().length < 1 || a.rows() < n || (!first && a.rows() != n) || !Arrays.equals(per, want)) {
                throw new BadInputException(file + ": shape " + Arrays.toString(a.dims()) + " does not match the outputs, "
                        + outputs.shape() + (a.rows() != n && Arrays.equals(per, want) ? " (one row per input)" : ""));
            }
            return new Tensor(outputs.shape(), a.floats(0, n));
        }
    }
}
