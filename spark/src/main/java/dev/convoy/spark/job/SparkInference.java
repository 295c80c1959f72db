package dev.convoy.spark.job;

import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.eval.BatchedRun;
import dev.convoy.spark.data.ParquetImages;
import dev.convoy.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Inference and evaluation as a Spark job: each partition opens the model once (fp32, or the broadcast quantized
 * model on the integer path) on its executor's device and streams its batches; every image's class scores and
 * prediction are written to Parquet ({@code id}, {@code label}, {@code predicted}, {@code scores}), and top-1 and
 * the confusion matrix are counted from what was written — each image once, whatever Spark retried.
 */
public final class SparkInference {
    private SparkInference() {
    }

    /** Predictions' schema. */
    public static StructType schema() {
        return new StructType().add(ParquetImages.ID, DataTypes.LongType, false).add(ParquetImages.LABEL, DataTypes.IntegerType, false)
                .add("predicted", DataTypes.IntegerType, false).add("scores", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    }

    /**
     * A finished run.
     *
     * @param images    images run
     * @param labelled  of those, with a label
     * @param correct   labelled images predicted right
     * @param confusion [true class][predicted class] over the labelled images
     * @param seconds   wall time, seconds
     */
    public record Result(long images, long labelled, long correct, long[][] confusion, double seconds) {
        /** @return top-1 over the labelled images, a fraction */
        public double top1() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    /**
     * @param spark      the session
     * @param bundle     the model (quantized on each executor when it carries quantization options: then the integer path runs)
     * @param input      the dataset
     * @param batch      images per batch
     * @param partitions partitions; 0 for the default parallelism
     * @param out        where the predictions go (a new directory on any Spark path)
     * @param progress   a line per finished partition
     * @return the counts
     */
    public static Result run(SparkSession spark, ModelBundle bundle, JobInput input, int batch, int partitions, String out, PrintWriter progress) {
        Dataset<Row> rows = input.read(spark);
        InputDecoder decoder = input.decoder(rows);
        double seconds;
        try (JobRun run = new JobRun(spark, bundle, "infer", partitions, progress)) {
            Broadcast<ModelBundle> shared = run.shared();
            JavaRDD<Row> predictions = run.byBatch(rows, batch).javaRDD().mapPartitions((Iterator<Row> it) -> predict(it, shared.value(), decoder, batch).iterator());
            spark.createDataFrame(predictions, schema()).write().mode(SaveMode.ErrorIfExists).parquet(out);
            seconds = run.finish();
        }
        Dataset<Row> written = spark.read().parquet(out);
        long images = written.count();
        List<Row> cells = written.filter(functions.col(ParquetImages.LABEL).geq(0)).groupBy(ParquetImages.LABEL, "predicted").count().collectAsList();
        int classes = 0;
        for (Row c : cells) {
            classes = Math.max(classes, Math.max(c.getInt(0), c.getInt(1)) + 1);
        }
        long[][] confusion = new long[classes][classes];
        long labelled = 0, correct = 0;
        for (Row c : cells) {
            confusion[c.getInt(0)][c.getInt(1)] += c.getLong(2);
            labelled += c.getLong(2);
            correct += c.getInt(0) == c.getInt(1) ? c.getLong(2) : 0;
        }
        return new Result(images, labelled, correct, confusion, seconds);
    }

    private static List<Row> predict(Iterator<Row> rows, ModelBundle bundle, InputDecoder decoder, int batch) {
        List<Row> out = new ArrayList<>();
        if (!rows.hasNext()) {
            return out;
        }
        Model m = bundle.model();
        EngineRequest request = EngineRequest.on(Device.parse(bundle.device())).withThreads(bundle.threads()).withNotes(note -> { });
        try (Engine engine = bundle.integer() ? Engines.openInteger(m, bundle.quantize(m, request), request) : Engines.open(m, request)) {
            Batches.each(rows, batch, decoder, b -> {
                Tensor y = engine.run(m.fit(b.images(), "the dataset"));
                int n = b.labels().length, classes = y.size() / n;
                for (int i = 0; i < n; i++) {
                    Float[] scores = new Float[classes];
                    for (int k = 0; k < classes; k++) {
                        scores[k] = y.data()[i * classes + k];
                    }
                    out.add(RowFactory.create(b.firstId() + i, b.labels()[i], BatchedRun.argmax(y.data(), i * classes, classes), scores));
                }
            });
        }
        return out;
    }
}
