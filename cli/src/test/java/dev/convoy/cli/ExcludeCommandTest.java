package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exclude} keeps nodes in fp32 as islands: quantize and validate name them, the JSON lists them, a wrong name is refused. */
class ExcludeCommandTest {
    @TempDir
    Path tmp;

    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final String DATA = System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");

    @Test
    void excludedNodesBecomeNamedIslandsThatSurviveTheFile() throws Exception {
        Path q = tmp.resolve("lenet5-mixed.onnx");
        CliRun r = CliRun.of("quantize", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:100",
                "--exclude", "Gemm", "-o", q.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fp32 islands (3):") && r.out().contains("(excluded)"), r.out());
        // the file reads back with its islands: eval runs it, summary shows them as fp32 layers
        CliRun s = CliRun.of("summary", q.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("fp32 Gemm"), s.out());
        Path json = tmp.resolve("v.json");
        CliRun v = CliRun.of("validate", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:100",
                "--exclude", "Gemm", "--limit", "200", "--json", json.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("fp32 islands (3)"), v.out());
        JsonNode islands = new ObjectMapper().readTree(json.toFile()).path("islands");
        assertEquals(3, islands.size(), islands.toString());
        islands.forEach(reason -> assertEquals("excluded", reason.asText()));
    }

    @Test
    void anExclusionNamingNothingIsRefusedInOneLine() {
        CliRun r = CliRun.of("quantize", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:100",
                "--exclude", "NoSuchNode", "-o", tmp.resolve("x.onnx").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--exclude 'NoSuchNode': the model has no node and no operator of that name"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
