package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convoy to-parquet} and {@code convoy validate --spark local[2]} end to end, in this process. Peer: {@code
 * convoy validate} on one machine over the same 500 test images; tolerance: none — every line of the report after the
 * first (which says where it ran) must be equal, SQNR digits included.
 */
class SparkCommandsTest {
    @TempDir
    Path tmp;

    private static Path fixtures() {
        Path p = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        return Files.isDirectory(p) ? p : Path.of("../fixtures");
    }

    private static String data() {
        return System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");
    }

    private static List<String> afterFirstLine(String out) {
        return out.lines().skip(1).toList();
    }

    @Test
    void validateOnSparkEqualsValidateOnOneMachine() {
        String resnet = fixtures().resolve("resnet.onnx").toString();
        Path parquet = tmp.resolve("test.parquet");
        CliRun convert = CliRun.of("to-parquet", "--data", data(), "--limit", "500", "-o", parquet.toString(), "--shard-mb", "1");
        assertEquals(0, convert.code(), convert.err());
        assertTrue(convert.out().contains("500 images (tensors [1,28,28])"), convert.out());
        CliRun single = CliRun.of("validate", resnet, "--data", data(), "--limit", "500");
        assertEquals(0, single.code(), single.err());
        CliRun spark = CliRun.of("validate", resnet, "--spark", "local[2]", "--data", parquet.toString(), "--partitions", "3");
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.out().startsWith("quantized model on: Apache Spark"), spark.out());
        assertEquals(afterFirstLine(single.out()), afterFirstLine(spark.out()));
        assertEquals(3, spark.err().lines().filter(l -> l.startsWith("partition ") && l.contains(" done: ")).count(), spark.err());
        assertFalse(spark.err().contains(" INFO "), "Spark's own log stays quiet: " + spark.err());
    }

    @Test
    void badSparkInputIsOneLine() {
        String resnet = fixtures().resolve("resnet.onnx").toString();
        CliRun missing = CliRun.of("validate", resnet, "--spark", "local[2]", "--data", tmp.resolve("none").toString());
        assertEquals(2, missing.code(), missing.out() + missing.err());
        assertTrue(missing.err().strip().lines().count() <= 2 && !missing.err().contains("\tat "), missing.err());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        Path notParquet = tmp.resolve("empty");
        assertTrue(notParquet.toFile().mkdir());
        CliRun empty = CliRun.of("validate", resnet, "--spark", "local[2]", "--data", notParquet.toString());
        assertEquals(2, empty.code(), empty.out() + empty.err());
        assertEquals(1, empty.err().lines().filter(l -> l.startsWith("convoy: ")).count(), empty.err());
        assertTrue(empty.err().contains("not a Parquet dataset") && !empty.err().contains("\tat "), empty.err());
        CliRun both = CliRun.of("validate", resnet, "--spark", "local[2]", "--sensitivity", "--data", tmp.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--sensitivity"), both.err());
    }
}
