package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.DataSources;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.ImageSource;
import dev.convoy.spark.LocalSpark;
import dev.convoy.spark.data.DatasetToParquet;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convoy to-parquet}: a dataset as Parquet shards for the Spark jobs. */
@Command(name = "to-parquet", mixinStandardHelpOptions = true, description = "Write images (--data: fashion-mnist's test split, an IDX"
        + " directory, a .npy/.npz, an image folder) as Parquet shards on any path Spark writes (a directory, hdfs://, s3a://):"
        + " one row per image with its id, label and either the input tensor (float32, as convoy reads it; image folders become"
        + " 3-channel inputs unless --color gray) or the image file's bytes.")
final class ToParquetCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PATH", description = "Output directory (must not exist).")
    String out;

    @Option(names = "--as", paramLabel = "tensors|images", description = "Store the inputs as float32 tensors (any source; preprocessed"
            + " as the other commands read them) or, for an image folder, the files' bytes (default: ${DEFAULT-VALUE}).")
    String as = "tensors";

    @Option(names = "--shard-mb", paramLabel = "MB", description = "Largest shard, MB (default: ${DEFAULT-VALUE}).")
    long shardMb = DatasetToParquet.DEFAULT_SHARD_BYTES >> 20;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Spark master that writes (default: ${DEFAULT-VALUE}, in this process).")
    String master = "local[*]";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (shardMb < 1) {
            throw new BadInputException("--shard-mb " + shardMb + ": must be at least 1");
        }
        boolean images = as.equalsIgnoreCase("images");
        if (!images && !as.equalsIgnoreCase("tensors")) {
            throw new BadInputException("--as " + as + ": expected tensors or images");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (data.limit != null && data.limit < 1) {
            throw new BadInputException("--limit " + data.limit + ": must be at least 1");
        }
        try (ImageSource all = DataSources.open(data.data, data.labels, data.arrays, data.preprocessing(3), FashionMnist.Split.TEST);
             ImageSource src = data.limit == null ? all : all.first(data.limit)) {
            if (images && (!(all instanceof ImageFolderSource) || data.limit != null)) {
                throw new BadInputException("--as images: " + data.data + (data.limit != null ? ": --limit cuts tensors only" : " is not an image folder"));
            }
            SparkSession spark;
            try {
                spark = LocalSpark.start(master, "convoy to-parquet");
            } catch (NoClassDefFoundError e) {
                throw new BadInputException("to-parquet: Apache Spark is not on the class path (./convoy adds it)", e);
            }
            try {
                ProgressBar bar = new ProgressBar(err, "to-parquet");
                long n = images ? DatasetToParquet.images(spark, (ImageFolderSource) all, out, shardMb << 20, bar)
                        : DatasetToParquet.tensors(spark, src, out, shardMb << 20, bar);
                spec.commandLine().getOut().printf(Locale.ROOT, "%,d images (%s) written to %s%n", n, images ? "image files" : "tensors " + src.imageShape(), out);
            } finally {
                spark.stop();
            }
        }
        return ExitCode.OK;
    }
}
