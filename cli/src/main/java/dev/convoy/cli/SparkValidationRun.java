package dev.convoy.cli;

import dev.convoy.data.ImageSource;
import dev.convoy.data.Preprocessing;
import dev.convoy.engine.Model;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.spark.LocalSpark;
import dev.convoy.spark.job.JobInput;
import dev.convoy.spark.job.ModelBundle;
import dev.convoy.spark.job.SparkValidation;
import dev.convoy.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * {@code convoy validate --spark MASTER}: the quantized model {@code validate} built, compared with fp32 by the
 * Spark job ({@link SparkValidation}) — in this process for {@code local[N]}, or on a cluster.
 *
 * @param report the comparison
 * @param where  where it ran, for the report's first line
 */
record SparkValidationRun(ValidationReport report, String where) {
    static SparkValidationRun run(String master, Path modelFile, Model m, QuantizedModel q, QuantOptions o, Supplier<? extends ImageSource> calibration,
                                  String data, boolean imageFiles, Preprocessing preprocessing, int batch, int partitions, int threads,
                                  String device, PrintWriter progress) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new dev.convoy.BadInputException(modelFile + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        SparkSession spark = LocalSpark.start(master, "convoy validate");
        try {
            ModelBundle bundle;
            try (ImageSource c = calibration.get()) {
                bundle = ModelBundle.of(m.label(), bytes, o, c, device, threads);
            }
            JobInput input = imageFiles ? JobInput.imageFiles(data, preprocessing) : JobInput.parquet(data).withPreprocessing(preprocessing);
            SparkValidation.Result r = SparkValidation.run(spark, bundle, q, input, new SparkValidation.Settings(batch, partitions, -1), progress);
            return new SparkValidationRun(r.report(), String.format(Locale.ROOT, "Apache Spark %s, %s, %d partitions (%.1f s), integer path"
                    + " on each executor's %s", spark.version(), spark.sparkContext().master(), r.partitions(), r.seconds(), device));
        } finally {
            spark.stop();
        }
    }
}
