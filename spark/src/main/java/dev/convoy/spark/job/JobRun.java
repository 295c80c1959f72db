package dev.convoy.spark.job;

import java.io.PrintWriter;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What every job does around its partitions: the dataset arranged so each partition holds whole batches of the
 * single-machine run (rows hash-partitioned by {@code floor(id / B)}, sorted by id), the model broadcast once, the
 * job's Spark jobs grouped so {@link PartitionProgress} reports only them, and all of it undone at the end.
 */
final class JobRun implements AutoCloseable {
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final Broadcast<ModelBundle> shared;
    private final PartitionProgress listener;
    private final int partitions;
    private final long t0 = System.nanoTime();

    /**
     * @param spark      the session
     * @param bundle     the model, broadcast once
     * @param what       the job's name, for Spark's UI
     * @param partitions partitions; 0 for the session's default parallelism
     * @param progress   a line per finished partition
     */
    JobRun(SparkSession spark, ModelBundle bundle, String what, int partitions, PrintWriter progress) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.partitions = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        this.shared = jsc.broadcast(bundle);
        String group = "convoy-" + what + "-" + System.nanoTime();
        this.listener = new PartitionProgress(progress, group, this.partitions);
        spark.sparkContext().addSparkListener(listener);
        jsc.setJobGroup(group, "convoy " + what + " " + bundle.label(), false);
    }

    /**
     * @param rows  the dataset's rows
     * @param batch images per batch (B)
     * @return the rows spread over {@link #partitions()} partitions, whole batches each, ascending id within each
     */
    Dataset<Row> byBatch(Dataset<Row> rows, int batch) {
        return rows.withColumn("_batch", functions.floor(functions.col("id").divide(batch))).repartition(partitions, functions.col("_batch"))
                .sortWithinPartitions("id");
    }

    /** @return the model, as the executors read it */
    Broadcast<ModelBundle> shared() {
        return shared;
    }

    /** @return partitions the model runs in */
    int partitions() {
        return partitions;
    }

    /**
     * Marks the partitions done: waits (up to 10 s) for their progress lines, which Spark's listener bus may deliver
     * after the result.
     *
     * @return seconds since the run began
     */
    double finish() {
        double seconds = (System.nanoTime() - t0) / 1e9;
        listener.awaitAll(10_000);
        return seconds;
    }

    @Override
    public void close() {
        jsc.clearJobGroup();
        spark.sparkContext().removeSparkListener(listener);
        shared.destroy();
    }
}
