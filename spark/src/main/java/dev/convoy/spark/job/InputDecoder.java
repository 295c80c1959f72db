package dev.convoy.spark.job;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.Preprocessing;
import dev.convoy.spark.data.ParquetImages;
import dev.convoy.tensor.Shape;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Turns a dataset row into the model input: a stored tensor as it is, or an image file's bytes decoded and
 * preprocessed as an image folder's files are ({@link ImageFolderSource#decode(byte[], String)},
 * {@link Preprocessing#apply}).
 *
 * @param preprocessing for image rows; null for tensor rows
 */
public record InputDecoder(Preprocessing preprocessing) implements Serializable {
    /** @return a decoder of tensor rows */
    public static InputDecoder tensors() {
        return new InputDecoder(null);
    }

    /**
     * @param row a dataset row
     * @return one image's shape
     */
    public Shape shape(Row row) {
        if (preprocessing == null) {
            List<Integer> dims = row.getList(row.fieldIndex(ParquetImages.SHAPE));
            return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        }
        return Shape.of(decode(row).length);
    }

    /**
     * @param row  a dataset row
     * @param into receives the input
     * @param at   from this index
     * @param size elements expected (the batch's first image's)
     */
    public void decode(Row row, float[] into, int at, int size) {
        if (preprocessing == null) {
            byte[] b = row.getAs(ParquetImages.TENSOR);
            if (b.length != 4 * size) {
                throw new BadInputException("image " + row.getLong(row.fieldIndex(ParquetImages.ID)) + ": " + b.length / 4
                        + " values where the batch's first image has " + size);
            }
            ParquetImages.floats(b, into, at);
            return;
        }
        float[] x = decode(row);
        if (x.length != size) {
            throw new BadInputException(row.getAs(ParquetImages.PATH) + ": " + x.length + " values after preprocessing where the batch's first image has " + size);
        }
        System.arraycopy(x, 0, into, at, size);
    }

    private float[] decode(Row row) {
        String where = row.getAs(ParquetImages.PATH);
        byte[] bytes = row.getAs(ParquetImages.IMAGE);
        return preprocessing.apply(ImageFolderSource.decode(bytes, where), where);
    }
}
