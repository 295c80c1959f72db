package dev.convoy.data;

import dev.convoy.BadInputException;
import dev.convoy.io.NpyArray;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * Inputs from a {@code .npy} of shape [N, …] (float32, float64, uint8 or int8; integers converted to float32 as
 * they are, no scaling — the array is taken to be preprocessed already), with optional labels from a second
 * {@code .npy} of any integer type and shape [N]. Rows are read from the files batch by batch.
 */
public final class NpySource implements ImageSource {
    private final Path file;
    private final NpyArray inputs;
    private final NpyArray labels;
    private final Shape imageShape;

    /**
     * @param inputs     the inputs file
     * @param labelsFile the labels file, or null
     * @throws BadInputException naming the file for an unread dtype, a rank below 2, or labels of the wrong length
     */
    public NpySource(Path inputs, Path labelsFile) {
        this.file = inputs;
        this.inputs = NpyArray.open(inputs);
        NpyArray l = null;
        try {
            NpyArray.Dtype t = this.inputs.dtype();
            if (t != NpyArray.Dtype.FLOAT32 && t != NpyArray.Dtype.FLOAT64 && t != NpyArray.Dtype.UINT8 && t != NpyArray.Dtype.INT8) {
                throw new BadInputException(inputs + ": inputs of dtype " + t.name().toLowerCase(java.util.Locale.ROOT)
                        + "; Convoy reads float32, float64, uint8 or int8 inputs");
            }
            long[] d = this.inputs.dims();
            if (d.length < 2 || d[0] > Integer.MAX_VALUE) {
                throw new BadInputException(inputs + ": shape " + java.util.Arrays.toString(d) + " is not [N, …] with one row per input");
            }
            try {
                this.imageShape = Shape.ofLongs(java.util.Arrays.copyOfRange(d, 1, d.length));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(inputs + ": " + e.getMessage());
            }
            if (labelsFile != null) {
                l = NpyArray.open(labelsFile);
                if (l.dtype().floating()) {
                    throw new BadInputException(labelsFile + ": labels of dtype " + l.dtype().name().toLowerCase(java.util.Locale.ROOT)
                            + "; labels must be integers");
                }
                if (l.dims().length != 1 || l.rows() != this.inputs.rows()) {
                    throw new BadInputException(labelsFile + ": shape " + java.util.Arrays.toString(l.dims()) + " for " + this.inputs.rows()
                            + " inputs in " + inputs + "; expected [" + this.inputs.rows() + "]");
                }
            }
        } catch (RuntimeException e) {
            this.inputs.close();
            if (l != null) {
                l.close();
            }
            throw e;
        }
        this.labels = l;
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public int size() {
        return (int) inputs.rows();
    }

    @Override
    public Shape imageShape() {
        return imageShape;
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public Tensor images(int from, int to) {
        return new Tensor(imageShape.withBatch(to - from), inputs.floats(from, to));
    }

    @Override
    public int[] labels(int from, int to) {
        if (labels == null) {
            throw new BadInputException(file + ": no labels given (--labels FILE.npy)");
        }
        long[] v = labels.longs(from, to);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new BadInputException("labels: value " + v[i] + " at index " + (from + i) + " is not a class index");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    @Override
    public void close() {
        inputs.close();
        if (labels != null) {
            labels.close();
        }
    }
}
