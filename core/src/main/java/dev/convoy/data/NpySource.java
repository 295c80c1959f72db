package dev.convoy.data;

import dev.convoy.BadInputException;
import dev.convoy.io.NpyArray;
import dev.convoy.io.NpzArchive;
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
    /** The array names a {@code .npz} is read with unless told otherwise. */
    public static final String NPZ_INPUTS = "x", NPZ_LABELS = "y";

    private final String file;
    private final NpyArray inputs;
    private final NpyArray labels;
    private final Shape imageShape;
    private final NpzArchive archive;

    /**
     * @param inputs     the inputs file
     * @param labelsFile the labels file, or null
     * @throws BadInputException naming the file for an unread dtype, a rank below 2, or labels of the wrong length
     */
    public NpySource(Path inputs, Path labelsFile) {
        this(inputs.toString(), NpyArray.open(inputs), labelsFile == null ? null : () -> NpyArray.open(labelsFile),
                String.valueOf(labelsFile), null);
    }

    /**
     * Inputs and labels from a {@code .npz} archive ({@code numpy.savez}, compressed or not).
     *
     * @param npz        the archive
     * @param inputName  the inputs array ({@value #NPZ_INPUTS} by default)
     * @param labelName  the labels array, or null for {@value #NPZ_LABELS} when the archive holds one (unlabelled
     *                   otherwise)
     * @return the source (closing it deletes the arrays extracted from the archive)
     * @throws BadInputException naming the archive and its arrays when a named array is missing, or as
     *                           {@link #NpySource(Path, Path)} for the arrays themselves
     */
    public static NpySource fromNpz(Path npz, String inputName, String labelName) {
        NpzArchive a = NpzArchive.open(npz);
        try {
            String x = inputName == null ? NPZ_INPUTS : inputName;
            String y = labelName != null ? labelName : a.has(NPZ_LABELS) ? NPZ_LABELS : null;
            return new NpySource(npz + ":" + x, a.array(x), y == null ? null : () -> a.array(y), npz + ":" + y, a);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private NpySource(String file, NpyArray inputArray, java.util.function.Supplier<NpyArray> labelArray, String labelsFile,
                      NpzArchive archive) {
        this.file = file;
        this.inputs = inputArray;
        this.archive = archive;
        NpyArray l = null;
        try {
            NpyArray.Dtype t = this.inputs.dtype();
            if (t != NpyArray.Dtype.FLOAT32 && t != NpyArray.Dtype.FLOAT64 && t != NpyArray.Dtype.UINT8 && t != NpyArray.Dtype.INT8) {
                throw new BadInputException(file + ": inputs of dtype " + t.name().toLowerCase(java.util.Locale.ROOT)
                        + "; Convoy reads float32, float64, uint8 or int8 inputs");
            }
            long[] d = this.inputs.dims();
            if (d.length < 2 || d[0] > Integer.MAX_VALUE) {
                throw new BadInputException(file + ": shape " + java.util.Arrays.toString(d) + " is not [N, …] with one row per input");
            }
            try {
                this.imageShape = Shape.ofLongs(java.util.Arrays.copyOfRange(d, 1, d.length));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": " + e.getMessage());
            }
            if (labelArray != null) {
                l = labelArray.get();
                if (l.dtype().floating()) {
                    throw new BadInputException(labelsFile + ": labels of dtype " + l.dtype().name().toLowerCase(java.util.Locale.ROOT)
                            + "; labels must be integers");
                }
                if (l.dims().length != 1 || l.rows() != this.inputs.rows()) {
                    throw new BadInputException(labelsFile + ": shape " + java.util.Arrays.toString(l.dims()) + " for " + this.inputs.rows()
                            + " inputs in " + file + "; expected [" + this.inputs.rows() + "]");
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
        return shortName(file);
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

    private static String shortName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf(java.io.File.separatorChar));
        return file.substring(slash + 1);
    }

    @Override
    public void close() {
        inputs.close();
        if (labels != null) {
            labels.close();
        }
        if (archive != null) {
            archive.close();
        }
    }
}
