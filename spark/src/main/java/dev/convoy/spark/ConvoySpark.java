package dev.convoy.spark;

import dev.convoy.BadInputException;
import dev.convoy.data.DataSources;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.ImageSource;
import dev.convoy.data.Preprocessing;
import dev.convoy.data.PreprocessingSettings;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.eval.Progress;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.spark.data.DatasetToParquet;
import dev.convoy.spark.job.JobInput;
import dev.convoy.spark.job.ModelBundle;
import dev.convoy.spark.job.SparkInference;
import dev.convoy.spark.job.SparkValidation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The entry point {@code spark-submit} runs ({@code --class dev.convoy.spark.ConvoySpark convoy-spark.jar
 * validate|infer|to-parquet ...}): the model and calibration images are read where the driver runs (a local path or
 * any Hadoop file system path), the dataset where the executors can read it.
 */
@Command(name = "convoy-spark", mixinStandardHelpOptions = true, subcommands = {ConvoySpark.Validate.class, ConvoySpark.Infer.class,
        ConvoySpark.ToParquet.class}, description = "Convoy's validation, inference and dataset conversion as Apache Spark jobs.")
public final class ConvoySpark implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ConvoySpark());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
                line.getErr().println("convoy-spark: " + dev.convoy.Printable.line(String.valueOf(e.getMessage())));
                return 2;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }

    /** Options every job takes. */
    static class JobOptions {
        @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit (e.g. local[4]).")
        String master;

        @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset: Parquet written by to-parquet,"
                + " or with --images a tree of image files (class folders or not), on any path Spark reads.")
        String data;

        @Option(names = "--images", description = "--data is a tree of image files, not Parquet.")
        boolean images;

        @Option(names = "--preprocess", paramLabel = "FILE.yaml", description = "How image files become inputs (keys as convoy's"
                + " --preprocess); default: the model's stored settings, else scaled to [0, 1] with its input's channels.")
        Path preprocess;

        @Option(names = "--batch", paramLabel = "B", description = "Images per batch (default: ${DEFAULT-VALUE}).")
        int batch = 100;

        @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: the cluster's default parallelism).")
        int partitions;

        @Option(names = "--device", paramLabel = "D", description = "Where each partition runs the model: cpu or opencl[:N] (default: ${DEFAULT-VALUE}).")
        String device = "cpu";

        @Option(names = "--threads", paramLabel = "T", description = "Threads per partition (default: ${DEFAULT-VALUE}).")
        int threads = 1;

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName(app);
            if (master != null) {
                b.master(master);
            }
            return b.getOrCreate();
        }

        JobInput input(Model m) {
            PreprocessingSettings s = preprocess != null ? PreprocessingSettings.read(preprocess)
                    : m.metadata().containsKey(PreprocessingSettings.METADATA_KEY)
                    ? PreprocessingSettings.parse(m.metadata().get(PreprocessingSettings.METADATA_KEY), m.label() + " metadata")
                    : PreprocessingSettings.NONE;
            dev.convoy.tensor.Shape in = m.input().shape();
            Preprocessing p = s.resolve(in.rank() == 3 ? (s.layout() == Preprocessing.Layout.NHWC ? in.dim(2) : in.dim(0)) : 1);
            return images ? JobInput.imageFiles(data, p) : JobInput.parquet(data).withPreprocessing(p);
        }
    }

    static byte[] read(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (var in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (java.io.IOException e) {
            throw new BadInputException(path + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    static QuantOptions quantOptions(String precision, int calibImages) {
        Precision p = Precision.parse(precision);
        if (p.isFloat()) {
            return null;
        }
        QuantOptions d = QuantOptions.defaults(p.scheme(), null);
        return new QuantOptions(d.scheme(), d.method(), d.requant(), calibImages, d.overrides(), d.rounding(), d.overflow(), d.exclude(),
                d.layerSchemes());
    }

    /**
     * Calibration images: a dataset on the driver's disk (fashion-mnist, IDX, .npy, an image folder), or the first
     * images of a Parquet dataset on any Spark path — what a driver on a cluster node can reach.
     */
    static ImageSource calibration(SparkSession spark, String spec, int count) {
        if (spec.equalsIgnoreCase(DataSources.FASHION_MNIST)) {
            return FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN);
        }
        if (spec.contains("://") || spec.toLowerCase(Locale.ROOT).endsWith(".parquet") || !java.nio.file.Files.exists(java.nio.file.Path.of(spec))) {
            return dev.convoy.spark.data.ParquetImages.first(spark, spec, count);
        }
        return DataSources.open(spec, null, Preprocessing.defaults(1), FashionMnist.Split.TRAIN);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Quantize on the driver, then compare fp32 and"
            + " quantized on every layer over the dataset on the executors: top-1, agreement, per-layer SQNR and max error,"
            + " confusion matrix — the figures convoy validate gives on one machine, bit for bit.")
    static final class Validate extends JobOptions implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL", description = "The fp32 ONNX model (a path the driver reads).")
        String model;

        @Option(names = "--precision", paramLabel = "P", description = "int8, int16 or fixed:W (default: ${DEFAULT-VALUE}).")
        String precision = "int8";

        @Option(names = "--calib", paramLabel = "PATH", description = "Calibration images: on the driver's disk fashion-mnist (its"
                + " training split), an IDX directory, a .npy or an image directory; or a Parquet dataset (tensors) on any Spark"
                + " path, its first --calib-images images (default: ${DEFAULT-VALUE}).")
        String calib = DataSources.FASHION_MNIST;

        @Option(names = "--calib-images", paramLabel = "N", description = "Calibration images used (default: ${DEFAULT-VALUE}).")
        int calibImages = 1000;

        @Option(names = "--max-drop", paramLabel = "POINTS", description = "Exit 1 when the top-1 drop exceeds this (default: ${DEFAULT-VALUE}).")
        double maxDrop = 1.0;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
            try (SparkSession spark = session("convoy validate")) {
                Model m = model(model, read(spark, model));
                QuantOptions o = quantOptions(precision, calibImages);
                if (o == null) {
                    throw new BadInputException("--precision fp32: validation compares fp32 with a quantized model; give int8, int16 or fixed:W");
                }
                EngineRequest request = EngineRequest.on(Device.cpu()).withPrecision(Precision.of(o.scheme())).withQuantization(o, () -> calibration(spark, calib, calibImages));
                QuantizedModel q = Engines.quantize(m, request);
                ModelBundle bundle;
                try (ImageSource c = calibration(spark, calib, calibImages)) {
                    bundle = ModelBundle.of(m.label(), read(spark, model), o, c, device, threads);
                }
                SparkValidation.Result r = SparkValidation.run(spark, bundle, q, input(m), new SparkValidation.Settings(batch, partitions, -1), err);
                out.printf(Locale.ROOT, "validated on Apache Spark %s (%s), %d partitions, %.1f s%n", spark.version(), spark.sparkContext().master(),
                        r.partitions(), r.seconds());
                out.print(r.report().toText());
                out.flush();
                return r.report().passes(maxDrop) ? 0 : 1;
            }
        }
    }

    @Command(name = "infer", mixinStandardHelpOptions = true, description = "Run the model over the dataset on the executors and"
            + " write each image's class scores and prediction to Parquet; print top-1 and throughput.")
    static final class Infer extends JobOptions implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL", description = "The fp32 ONNX model.")
        String model;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PATH", description = "Where the predictions go (a new directory).")
        String out;

        @Option(names = "--precision", paramLabel = "P", description = "fp32, int8, int16 or fixed:W (default: ${DEFAULT-VALUE}).")
        String precision = "fp32";

        @Option(names = "--calib", paramLabel = "PATH", description = "Calibration images for an integer precision (default: ${DEFAULT-VALUE}).")
        String calib = DataSources.FASHION_MNIST;

        @Option(names = "--calib-images", paramLabel = "N", description = "Calibration images used (default: ${DEFAULT-VALUE}).")
        int calibImages = 1000;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
            try (SparkSession spark = session("convoy infer")) {
                byte[] bytes = read(spark, model);
                Model m = model(model, bytes);
                QuantOptions o = quantOptions(precision, calibImages);
                ModelBundle bundle;
                try (ImageSource c = o == null ? null : calibration(spark, calib, calibImages)) {
                    bundle = ModelBundle.of(m.label(), bytes, o, c, device, threads);
                }
                SparkInference.Result r = SparkInference.run(spark, bundle, input(m), batch, partitions, out, err);
                stdout.printf(Locale.ROOT, "%,d images in %.1f s (%.0f images/s)%s, predictions in %s%n", r.images(), r.seconds(),
                        r.images() / r.seconds(), r.labelled() == 0 ? "" : String.format(Locale.ROOT, ", top-1 %.2f%%", 100 * r.top1()), out);
                return 0;
            }
        }
    }

    @Command(name = "to-parquet", mixinStandardHelpOptions = true, description = "Write a dataset (fashion-mnist, an IDX"
            + " directory, a .npy/.npz, an image folder) as Parquet shards the jobs read.")
    static final class ToParquet implements Callable<Integer> {
        @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit (default: local[*]).")
        String master = "local[*]";

        @Option(names = "--data", required = true, paramLabel = "SPEC", description = "fashion-mnist (its test split), an IDX"
                + " directory, a .npy (inputs as they are) or an image folder.")
        String data;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PATH", description = "Output directory (must not exist).")
        String out;

        @Option(names = "--as", paramLabel = "tensors|images", description = "Store inputs as float32 tensors (any source) or, for an"
                + " image folder, the files' bytes (default: ${DEFAULT-VALUE}).")
        String as = "tensors";

        @Option(names = "--shard-mb", paramLabel = "MB", description = "Largest shard (default: ${DEFAULT-VALUE}).")
        long shardMb = 64;

        @Override
        public Integer call() throws Exception {
            try (SparkSession spark = SparkSession.builder().appName("convoy to-parquet").master(master).getOrCreate();
                 ImageSource src = DataSources.open(data, null, Preprocessing.defaults(3), FashionMnist.Split.TEST)) {
                long n;
                if (as.equalsIgnoreCase("images")) {
                    if (!(src instanceof ImageFolderSource folder)) {
                        throw new BadInputException("--as images: " + data + " is not an image folder");
                    }
                    n = DatasetToParquet.images(spark, folder, out, shardMb << 20, Progress.NONE);
                } else if (as.equalsIgnoreCase("tensors")) {
                    n = DatasetToParquet.tensors(spark, src, out, shardMb << 20, Progress.NONE);
                } else {
                    throw new BadInputException("--as " + as + ": expected tensors or images");
                }
                System.out.printf(Locale.ROOT, "%,d images written to %s%n", n, out);
                return 0;
            }
        }
    }

    static Model model(String label, byte[] bytes) {
        return Model.load(new java.io.ByteArrayInputStream(bytes), label);
    }
}
