package dev.convoy.spark.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How a dataset is laid out in Parquet for the jobs: one row per image, numbered from 0 in the order a
 * single-machine run reads them.
 * <ul>
 *   <li>{@code id} long — the image's index;</li>
 *   <li>{@code label} int — its class, or −1 when unlabelled;</li>
 *   <li>either {@code tensor} binary — the model input exactly as Convoy's data sources produce it, float32
 *       little-endian, with {@code shape} array&lt;int&gt; (one image's shape, e.g. [1, 28, 28]);</li>
 *   <li>or {@code image} binary — the image file's bytes (PNG, JPEG, BMP, GIF), with {@code path} string, decoded
 *       and preprocessed by the job as an image folder is.</li>
 * </ul>
 */
public final class ParquetImages {
    /** Image index column. */
    public static final String ID = "id";
    /** Class column. */
    public static final String LABEL = "label";
    /** Preprocessed input column (float32 little-endian). */
    public static final String TENSOR = "tensor";
    /** Per-image shape column of a tensor dataset. */
    public static final String SHAPE = "shape";
    /** Image file bytes column. */
    public static final String IMAGE = "image";
    /** Image file path column of an image dataset. */
    public static final String PATH = "path";

    private ParquetImages() {
    }

    /** @return the schema of a tensor dataset */
    public static StructType tensorSchema() {
        return new StructType().add(ID, DataTypes.LongType, false).add(LABEL, DataTypes.IntegerType, false)
                .add(TENSOR, DataTypes.BinaryType, false).add(SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    }

    /** @return the schema of an image-bytes dataset */
    public static StructType imageSchema() {
        return new StructType().add(ID, DataTypes.LongType, false).add(LABEL, DataTypes.IntegerType, false)
                .add(IMAGE, DataTypes.BinaryType, false).add(PATH, DataTypes.StringType, false);
    }

    /**
     * Reads the first images of a tensor dataset onto the driver (calibration images a cluster's driver can reach).
     *
     * @param spark the session
     * @param path  a tensor dataset
     * @param count how many, by id
     * @return them, in memory
     */
    public static dev.convoy.data.LabelledImages first(org.apache.spark.sql.SparkSession spark, String path, int count) {
        java.util.List<org.apache.spark.sql.Row> rows;
        try {
            rows = spark.read().parquet(path).orderBy(ID).limit(count).collectAsList();
        } catch (Exception e) { // AnalysisException: no such path
            throw new dev.convoy.BadInputException(path + ": not a Parquet dataset (" + dev.convoy.Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
        if (rows.isEmpty() || !java.util.List.of(rows.get(0).schema().fieldNames()).contains(TENSOR)) {
            throw new dev.convoy.BadInputException(path + ": no tensor rows to calibrate on (write it with convoy to-parquet --as tensors)");
        }
        java.util.List<Integer> dims = rows.get(0).getList(rows.get(0).fieldIndex(SHAPE));
        int[] one = dims.stream().mapToInt(Integer::intValue).toArray();
        int size = java.util.Arrays.stream(one).reduce(1, (a, b) -> a * b);
        float[] data = new float[size * rows.size()];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            floats(rows.get(i).getAs(TENSOR), data, i * size);
            labels[i] = rows.get(i).getInt(rows.get(i).fieldIndex(LABEL));
        }
        int[] shape = new int[one.length + 1];
        shape[0] = rows.size();
        System.arraycopy(one, 0, shape, 1, one.length);
        return new dev.convoy.data.LabelledImages(path, new dev.convoy.tensor.Tensor(dev.convoy.tensor.Shape.of(shape), data), labels);
    }

    /**
     * @param data   floats
     * @param offset first
     * @param length how many
     * @return them as float32 little-endian bytes
     */
    public static byte[] bytes(float[] data, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data, offset, length);
        return b.array();
    }

    /**
     * @param bytes float32 little-endian bytes
     * @param into  receives them
     * @param at    from this index
     */
    public static void floats(byte[] bytes, float[] into, int at) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, at, bytes.length / 4);
    }
}
