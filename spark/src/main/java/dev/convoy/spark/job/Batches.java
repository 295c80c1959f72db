package dev.convoy.spark.job;

import dev.convoy.spark.data.ParquetImages;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;

/**
 * A partition's rows (sorted by id, holding whole batches) cut back into the batches a single-machine run makes:
 * batch k is images [k·B, (k+1)·B). Same batches, same arithmetic per batch — the reason a distributed run can
 * equal a single-machine one bit for bit.
 */
public final class Batches {
    private Batches() {
    }

    /** One batch. */
    public record Batch(Tensor images, int[] labels, long firstId) {
    }

    /**
     * @param rows    the partition's rows, ascending id
     * @param batch   images per batch (B)
     * @param decoder row → input
     * @param sink    receives each batch in order
     */
    public static void each(Iterator<Row> rows, int batch, InputDecoder decoder, Consumer<Batch> sink) {
        List<Row> pending = new ArrayList<>(batch);
        long key = Long.MIN_VALUE;
        while (rows.hasNext()) {
            Row r = rows.next();
            long id = r.getLong(r.fieldIndex(ParquetImages.ID));
            if (id / batch != key && !pending.isEmpty()) {
                sink.accept(assemble(pending, decoder));
                pending.clear();
            }
            key = id / batch;
            pending.add(r);
        }
        if (!pending.isEmpty()) {
            sink.accept(assemble(pending, decoder));
        }
    }

    private static Batch assemble(List<Row> rows, InputDecoder decoder) {
        Shape one = decoder.shape(rows.get(0));
        int size = one.size();
        float[] data = new float[size * rows.size()];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            decoder.decode(r, data, i * size, size);
            labels[i] = r.getInt(r.fieldIndex(ParquetImages.LABEL));
        }
        int[] dims = new int[one.rank() + 1];
        dims[0] = rows.size();
        System.arraycopy(one.dims(), 0, dims, 1, one.rank());
        return new Batch(new Tensor(Shape.of(dims), data), labels, rows.get(0).getLong(rows.get(0).fieldIndex(ParquetImages.ID)));
    }
}
