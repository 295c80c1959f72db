package dev.convoy.spark.job;

import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.IntegerEngine;
import dev.convoy.engine.Model;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.ValidationSession;
import dev.convoy.validate.ValidationTally;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code convoy validate} as a Spark job: the fp32 model and its quantized form compared on every layer over a
 * dataset spread across executors. The model is broadcast once; rows are grouped so each partition holds whole
 * batches of the single-machine run (batch k = images [k·B, (k+1)·B)); each partition opens the engines once,
 * streams its batches through a {@link ValidationSession} and returns its {@link ValidationTally}; the driver
 * merges the tallies, which is exact and order-free. A task Spark retries returns its tally again from scratch
 * and only the successful attempt's result is kept — nothing is counted twice, unlike accumulators.
 */
public final class SparkValidation {
    private SparkValidation() {
    }

    /**
     * Settings of one run.
     *
     * @param batch             images per batch (as {@code convoy validate --batch})
     * @param partitions        partitions of the model stage; 0 for the session's default parallelism
     * @param failPartitionOnce test hook: the first attempt of this partition fails after its first batch; −1 for none
     */
    public record Settings(int batch, int partitions, int failPartitionOnce) {
        /** Checks the values. */
        public Settings {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            }
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be 0 (the default parallelism) or more, got " + partitions);
            }
        }

        /**
         * @param batch images per batch
         * @return settings with the default partitions and no injected failure
         */
        public static Settings of(int batch) {
            return new Settings(batch, 0, -1);
        }
    }

    /**
     * A finished run.
     *
     * @param report     the comparison, as {@code convoy validate} reports it
     * @param tally      what it was computed from (confusion matrix included)
     * @param partitions partitions the model ran in
     * @param seconds    wall time of the distributed part, seconds
     */
    public record Result(ValidationReport report, ValidationTally tally, int partitions, double seconds) {
    }

    /**
     * @param spark    the session (local or a cluster)
     * @param bundle   the model and how to quantize it, with the executors' device
     * @param q        the quantized model as the driver built it (its name, options and islands go into the report)
     * @param input    the dataset
     * @param settings batch, partitions
     * @param progress receives a line per finished partition
     * @return the result
     */
    public static Result run(SparkSession spark, ModelBundle bundle, QuantizedModel q, JobInput input, Settings settings, PrintWriter progress) {
        Dataset<Row> rows = input.read(spark);
        InputDecoder decoder = input.decoder(rows);
        int batch = settings.batch();
        int fail = settings.failPartitionOnce();
        List<ValidationTally> tallies;
        int parts;
        double seconds;
        try (JobRun run = new JobRun(spark, bundle, "validate", settings.partitions(), progress)) {
            Broadcast<ModelBundle> shared = run.shared();
            tallies = run.byBatch(rows, batch).javaRDD()
                    .mapPartitions((Iterator<Row> it) -> List.of(tally(it, shared.value(), decoder, batch, fail)).iterator()).collect();
            parts = run.partitions();
            seconds = run.finish();
        }
        ValidationTally all = new ValidationTally();
        tallies.forEach(all::merge);
        return new Result(all.report(q), all, parts, seconds);
    }

    /** One partition: open the engines once, stream its batches. */
    private static ValidationTally tally(Iterator<Row> rows, ModelBundle bundle, InputDecoder decoder, int batch, int fail) {
        if (!rows.hasNext()) {
            return new ValidationTally();
        }
        TaskContext task = TaskContext.get();
        boolean injectFailure = task != null && task.partitionId() == fail && task.attemptNumber() == 0;
        Model m = bundle.model();
        EngineRequest request = EngineRequest.on(Device.parse(bundle.device())).withThreads(bundle.threads()).withNotes(note -> { });
        QuantizedModel q = bundle.quantize(m, request);
        try (IntegerEngine engine = Engines.openInteger(m, q, request);
             ValidationSession session = new ValidationSession(m.prepared(), q, engine.backend(), Engines.hostRunner(m.prepared(), request))) {
            int[] done = {0};
            Batches.each(rows, batch, decoder, b -> {
                session.add(b.images(), b.labels(), b.firstId());
                if (injectFailure && ++done[0] == 1) {
                    throw new IllegalStateException("failure injected into partition " + fail + ", attempt 0 (test hook)");
                }
            });
            return session.tally();
        }
    }
}
