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
import dev.convoy.spark.job.SparkInference;
import dev.convoy.spark.job.SparkValidation;
import dev.convoy.data.ImageFolderSource;
import dev.convoy.data.LabelledImages;
import dev.convoy.data.Preprocessing;
import dev.convoy.tensor.Tensor;
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
        System.setProperty("log4j2.configurationFile", dev.convoy.spark.LocalSpark.LOG_CONFIG); // Spark's log: errors only
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
    void inferenceCountsWhatTheSingleMachineRunCounts() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("resnet.onnx"));
        JobInput input = JobInput.parquet(tmp.resolve("test.parquet").toString());
        SparkInference.Result fp32 = SparkInference.run(spark, ModelBundle.of("resnet.onnx", bytes, null, null, "cpu", 1), input, BATCH, 3,
                tmp.resolve("fp32.parquet").toString(), new PrintWriter(new StringWriter(), true));
        assertEquals(10_000, fp32.images());
        assertEquals(Math.round(single.top1Reference() * 10_000), fp32.correct(), "fp32 top-1 as the validation's fp32 side");
        assertEquals(10_000, spark.read().parquet(tmp.resolve("fp32.parquet").toString()).select("id").distinct().count(), "each image once");
        SparkInference.Result int8;
        try (ImageSource calib = FashionMnist.load(fashionMnist(), FashionMnist.Split.TRAIN)) {
            int8 = SparkInference.run(spark, ModelBundle.of("resnet.onnx", bytes, quantized.options(), calib, "cpu", 1), input, BATCH, 3,
                    tmp.resolve("int8.parquet").toString(), new PrintWriter(new StringWriter(), true));
        }
        assertEquals(Math.round(single.top1Quantized() * 10_000), int8.correct(), "int8 top-1 as the validation's quantized side");
    }

    @Test
    void imageFilesOnAnyPathAreNumberedAndDecodedAsAnImageFolder() throws Exception {
        // 30 test images as PNG files in class folders: the job reads the tree itself and must predict what the
        // single-machine run predicts on the same folder, image by image
        Path tree = tmp.resolve("tree");
        LabelledImages few = FashionMnist.load(fashionMnist(), FashionMnist.Split.TEST).load(30);
        for (int i = 0; i < 30; i++) {
            Path dir = Files.createDirectories(tree.resolve("class" + few.labels()[i]));
            java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    png.getRaster().setSample(x, y, 0, Math.round(few.images().data()[i * 784 + y * 28 + x] * 255));
                }
            }
            javax.imageio.ImageIO.write(png, "png", dir.resolve(String.format("img%03d.png", i)).toFile());
        }
        Preprocessing gray = Preprocessing.defaults(1);
        byte[] bytes = Files.readAllBytes(fixture("resnet.onnx"));
        SparkInference.Result r = SparkInference.run(spark, ModelBundle.of("resnet.onnx", bytes, null, null, "cpu", 1),
                JobInput.imageFiles(tree.toString(), gray), 7, 2, tmp.resolve("tree.parquet").toString(), new PrintWriter(new StringWriter(), true));
        assertEquals(30, r.images());
        java.util.List<org.apache.spark.sql.Row> rows = spark.read().parquet(tmp.resolve("tree.parquet").toString()).orderBy("id").collectAsList();
        try (ImageFolderSource folder = new ImageFolderSource(tree, gray);
             dev.convoy.engine.Engine e = Engines.open(model, EngineRequest.on(Device.cpu()))) {
            Tensor y = e.run(folder.images(0, 30));
            int[] labels = folder.labels(0, 30);
            for (int i = 0; i < 30; i++) {
                assertEquals(labels[i], rows.get(i).getInt(1), "label of image " + i);
                assertEquals(dev.convoy.eval.BatchedRun.argmax(y.data(), i * 10, 10), rows.get(i).getInt(2), "prediction of image " + i);
            }
        }
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
