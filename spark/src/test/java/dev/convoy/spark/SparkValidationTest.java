package dev.convoy.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageSource;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.IntegerEngine;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.eval.Progress;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Scheme;
import dev.convoy.spark.data.DatasetToParquet;
import dev.convoy.spark.job.JobInput;
import dev.convoy.spark.job.ModelBundle;
import dev.convoy.spark.job.SparkValidation;
import dev.convoy.validate.LayerError;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.Validator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark validation job against the single-machine validation ({@code convoy validate}'s own code path:
 * Validator.validatePrepared with the CPU engines), on the ResNet fixture and the 10,000 Fashion-MNIST test
 * images written as Parquet. Peer: the single-machine run; tolerance: none — top-1, agreement and every
 * layer's SQNR, max error and element count must be equal as doubles, because the job runs the same batches and
 * merges exact sums.
 */
class SparkValidationTest {
    private static final int BATCH = 100;
    private static SparkSession spark;
    private static Model model;
    private static QuantizedModel quantized;
    private static ValidationReport single;

    @TempDir
    static Path tmp;

    private static Path fixture(String name) {
        return Path.of(System.getProperty("convoy.fixtures", "../fixtures")).resolve(name);
    }

    private static Path fashionMnist() {
        return Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString()));
    }

    @BeforeAll
    static void singleMachine() {
        // local[2,2]: two executor threads, and a failed task is tried once more (local mode retries only so)
        spark = SparkSession.builder().master("local[2,2]").appName("convoy-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        model = Model.load(fixture("resnet.onnx"));
        Precision int8 = Precision.of(Scheme.parse("int8"));
        EngineRequest request = EngineRequest.on(Device.cpu()).withPrecision(int8)
                .withQuantization(QuantOptions.defaults(int8.scheme(), null), () -> FashionMnist.load(fashionMnist(), FashionMnist.Split.TRAIN));
        quantized = Engines.quantize(model, request);
        try (ImageSource test = FashionMnist.load(fashionMnist(), FashionMnist.Split.TEST);
             IntegerEngine engine = Engines.openInteger(model, quantized, request)) {
            single = Validator.validatePrepared(model.prepared(), quantized, test, BATCH, Progress.NONE, engine.backend(),
                    g -> Engines.hostRunner(g, request));
            DatasetToParquet.tensors(spark, test, tmp.resolve("test.parquet").toString(), 8L << 20, Progress.NONE);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SparkValidation.Result distributed(int partitions, int failOnce, StringWriter log) throws Exception {
        ModelBundle bundle;
        try (ImageSource calib = FashionMnist.load(fashionMnist(), FashionMnist.Split.TRAIN)) {
            bundle = ModelBundle.of("resnet.onnx", Files.readAllBytes(fixture("resnet.onnx")), quantized.options(), calib, "cpu", 1);
        }
        return SparkValidation.run(spark, bundle, quantized, JobInput.parquet(tmp.resolve("test.parquet").toString()),
                new SparkValidation.Settings(BATCH, partitions, failOnce), new PrintWriter(log, true));
    }

    private static void assertSameReport(ValidationReport a, ValidationReport b) {
        assertEquals(a.images(), b.images());
        assertEquals(a.top1Reference(), b.top1Reference());
        assertEquals(a.top1Quantized(), b.top1Quantized());
        assertEquals(a.agreement(), b.agreement());
        assertEquals(a.layers().stream().map(LayerError::name).toList(), b.layers().stream().map(LayerError::name).toList());
        for (int i = 0; i < a.layers().size(); i++) {
            LayerError x = a.layers().get(i), y = b.layers().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(x.format(), y.format(), x.name());
            assertEquals(x.sqnrDb(), y.sqnrDb(), x.name() + " SQNR");
            assertEquals(x.maxAbsError(), y.maxAbsError(), x.name() + " max error");
            assertEquals(x.elements(), y.elements(), x.name() + " elements");
        }
    }

    @Test
    void equalsTheSingleMachineValidationExactly() throws Exception {
        StringWriter log = new StringWriter();
        SparkValidation.Result r = distributed(4, -1, log);
        assertEquals(10_000, single.images());
        assertSameReport(single, r.report());
        long[][] confusion = r.tally().confusion();
        long total = 0, diagonal = 0;
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                total += confusion[t][p];
                diagonal += t == p ? confusion[t][p] : 0;
            }
        }
        assertEquals(10_000, total);
        assertEquals(Math.round(single.top1Quantized() * 10_000), diagonal, "confusion diagonal = quantized correct");
        assertEquals(4, log.toString().lines().filter(l -> l.startsWith("partition ") && l.contains(" done: ")).count(), log.toString());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithoutCountingTwice() throws Exception {
        StringWriter log = new StringWriter();
        SparkValidation.Result r = distributed(3, 1, log);
        assertTrue(log.toString().contains("partition 1 attempt 0 failed") && log.toString().contains("failure injected"), log.toString());
        assertSameReport(single, r.report());
        assertArrayEquals(distributed(2, -1, new StringWriter()).tally().confusion()[0], r.tally().confusion()[0]);
    }
}
