package dev.convoy.spark.data;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.ImageSource;
import dev.convoy.eval.Progress;
import dev.convoy.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a dataset Convoy can read on one machine (an IDX pair, a {@code .npy}/{@code .npz}, a folder of images)
 * as Parquet shards ({@link ParquetImages}) on any path Spark writes to — a local directory, HDFS, S3 — so the
 * jobs can read it from every executor. Tensors are the inputs exactly as the source produces them (so a job over
 * them sees what a single-machine run sees); an image folder can instead keep its files' bytes, decoded by the
 * job. Shards are written one after another from the driver, each at most {@code bytesPerShard}.
 */
public final class DatasetToParquet {
    /** Default shard size, bytes (Parquet's usual row-group scale). */
    public static final long DEFAULT_SHARD_BYTES = 64L << 20;

    private DatasetToParquet() {
    }

    /**
     * @param spark         the session that writes
     * @param source        the images (and labels, when it has them)
     * @param out           the output directory (must not exist)
     * @param bytesPerShard largest shard, bytes
     * @param progress      told after every shard
     * @return images written
     */
    public static long tensors(SparkSession spark, ImageSource source, String out, long bytesPerShard, Progress progress) {
        int n = source.size();
        long perImage = 4L * source.imageShape().size();
        int perShard = (int) Math.max(1, Math.min(n, bytesPerShard / Math.max(1, perImage)));
        List<Integer> shape = new ArrayList<>();
        for (int d : source.imageShape().dims()) {
            shape.add(d);
        }
        for (int from = 0; from < n; from += perShard) {
            int to = Math.min(n, from + perShard);
            Tensor x = source.images(from, to);
            int[] labels = source.labelled() ? source.labels(from, to) : null;
            List<Row> rows = new ArrayList<>(to - from);
            int size = source.imageShape().size();
            for (int i = 0; i < to - from; i++) {
                rows.add(RowFactory.create((long) (from + i), labels == null ? -1 : labels[i], ParquetImages.bytes(x.data(), i * size, size),
                        shape.toArray(new Integer[0])));
            }
            spark.createDataFrame(rows, ParquetImages.tensorSchema()).coalesce(1).write()
                    .mode(from == 0 ? SaveMode.ErrorIfExists : SaveMode.Append).parquet(out);
            progress.update(to, n);
        }
        return n;
    }

    /**
     * @param spark         the session that writes
     * @param folder        a folder of images (class folders or not), numbered as {@link ImageFolderSource} numbers them
     * @param out           the output directory (must not exist)
     * @param bytesPerShard largest shard, bytes (of file contents)
     * @param progress      told after every shard
     * @return images written
     */
    public static long images(SparkSession spark, ImageFolderSource folder, String out, long bytesPerShard, Progress progress) {
        List<Path> files = folder.files();
        int n = files.size();
        List<Row> rows = new ArrayList<>();
        long bytes = 0;
        boolean first = true;
        for (int i = 0; i < n; i++) {
            byte[] content;
            try {
                content = Files.readAllBytes(files.get(i));
            } catch (IOException e) {
                throw new BadInputException(files.get(i) + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
            }
            rows.add(RowFactory.create((long) i, folder.labelled() ? folder.labels(i, i + 1)[0] : -1, content, files.get(i).toString()));
            bytes += content.length;
            if (bytes >= bytesPerShard || i == n - 1) {
                spark.createDataFrame(rows, ParquetImages.imageSchema()).coalesce(1).write()
                        .mode(first ? SaveMode.ErrorIfExists : SaveMode.Append).parquet(out);
                first = false;
                rows.clear();
                bytes = 0;
                progress.update(i + 1, n);
            }
        }
        return n;
    }
}
