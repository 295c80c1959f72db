package dev.convoy.spark.job;

import dev.convoy.BadInputException;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.Preprocessing;
import dev.convoy.spark.data.ParquetImages;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A job's dataset on any path Spark reads (local, HDFS, S3): Parquet written by {@link
 * dev.convoy.spark.data.DatasetToParquet} (tensors or image bytes), or a tree of image files (class folders or
 * not), numbered as an image folder numbers them — sorted by path, classes by sorted folder name.
 *
 * @param path          where it is
 * @param images        true for a tree of image files, false for Parquet
 * @param preprocessing how image bytes become inputs (image files or image-bytes Parquet); null for tensors
 */
public record JobInput(String path, boolean images, Preprocessing preprocessing) implements Serializable {
    /**
     * @param path a Parquet dataset
     * @return it, read as stored (tensors; image bytes need {@link #withPreprocessing})
     */
    public static JobInput parquet(String path) {
        return new JobInput(path, false, null);
    }

    /**
     * @param path          a tree of image files
     * @param preprocessing how each becomes an input
     * @return it
     */
    public static JobInput imageFiles(String path, Preprocessing preprocessing) {
        return new JobInput(path, true, preprocessing);
    }

    /**
     * @param p how image bytes become inputs
     * @return this input with it
     */
    public JobInput withPreprocessing(Preprocessing p) {
        return new JobInput(path, images, p);
    }

    /**
     * @param spark the session
     * @return rows with {@code id}, {@code label} and either {@code tensor}/{@code shape} or {@code image}/{@code path}
     * @throws BadInputException naming the path when it holds neither layout
     */
    Dataset<Row> read(SparkSession spark) {
        if (images) {
            return imageTree(spark);
        }
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path);
        } catch (Exception e) { // Spark's AnalysisException (a missing path, no Parquet) is checked in Scala's eyes only
            throw new BadInputException(path + ": not a Parquet dataset (" + dev.convoy.Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
        List<String> cols = List.of(df.columns());
        if (!cols.contains(ParquetImages.ID) || !cols.contains(ParquetImages.LABEL)) {
            throw new BadInputException(path + ": Parquet without the columns id and label (write it with convoy to-parquet)");
        }
        if (cols.contains(ParquetImages.TENSOR) && cols.contains(ParquetImages.SHAPE)) {
            return df;
        }
        if (cols.contains(ParquetImages.IMAGE) && cols.contains(ParquetImages.PATH)) {
            if (preprocessing == null) {
                throw new IllegalStateException("image bytes need a preprocessing");
            }
            return df;
        }
        throw new BadInputException(path + ": Parquet with neither tensor+shape nor image+path columns (found " + String.join(", ", cols) + ")");
    }

    /** @return how rows become inputs */
    InputDecoder decoder(Dataset<Row> rows) {
        return List.of(rows.columns()).contains(ParquetImages.TENSOR) ? InputDecoder.tensors() : new InputDecoder(preprocessing);
    }

    private Dataset<Row> imageTree(SparkSession spark) {
        String root;
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            root = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString().replaceAll("/+$", "");
        } catch (java.io.IOException e) {
            throw new BadInputException(path + ": cannot open (" + e.getClass().getSimpleName() + ")", e);
        }
        String prefix = root + "/";
        List<String> exts = ImageFolderSource.EXTENSIONS.stream().sorted().toList();
        Dataset<Row> listed;
        try {
            listed = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(path);
        } catch (Exception e) { // AnalysisException: no such path
            throw new BadInputException(path + ": cannot list images (" + dev.convoy.Printable.line(String.valueOf(e.getMessage())) + ")", e);
        }
        JavaRDD<Row> kept = listed.select(functions.col("path"), functions.col("content")).javaRDD().filter(r -> {
                    String f = r.getString(0).toLowerCase(Locale.ROOT);
                    int dot = f.lastIndexOf('.');
                    return r.getString(0).startsWith(prefix) && dot > 0 && exts.contains(f.substring(dot + 1));
                });
        // the first folder under the root names the class; files directly under it are unlabelled
        List<String> classes = kept.map(r -> classOf(r.getString(0), prefix)).distinct().collect().stream().sorted().toList();
        if (classes.isEmpty()) {
            throw new BadInputException(path + ": no images (" + String.join(", ", exts) + ") found");
        }
        boolean labelled = !classes.contains("");
        JavaRDD<Row> rows = kept.sortBy(r -> r.getString(0), true, Math.max(1, kept.getNumPartitions())).zipWithIndex().map(t -> {
            Row r = t._1();
            int label = labelled ? classes.indexOf(classOf(r.getString(0), prefix)) : -1;
            return RowFactory.create(t._2(), label, (byte[]) r.get(1), r.getString(0));
        });
        return spark.createDataFrame(rows, ParquetImages.imageSchema());
    }

    private static String classOf(String file, String prefix) {
        String rel = file.substring(prefix.length());
        int slash = rel.indexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }
}
