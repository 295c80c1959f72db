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

    /**
     * lenet5 in fixed:6 drops 0.8 points on the first 1,000 test images; --auto-mixed with a 0.3-point gate widens
     * the most sensitive layers to fixed:16 (then, if needed, keeps them in fp32) until it passes, and the flags it
     * prints reproduce that model. --sensitivity ranks every rounding layer once, the most harmful first.
     */
    @Test
    void autoMixedMeetsTheGateAndItsFlagsReproduceIt() throws Exception {
        Path json = tmp.resolve("am.json");
        CliRun r = CliRun.of("validate", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--limit", "1000",
                "--precision", "fixed:6", "--max-drop", "0.3", "--auto-mixed", "--sensitivity", "--json", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode schemes = report.path("auto_mixed").path("layer_schemes");
        JsonNode exclude = report.path("auto_mixed").path("exclude");
        assertTrue(schemes.size() + exclude.size() >= 1, report.toString());
        assertTrue(report.path("passed").asBoolean());
        JsonNode ranked = report.path("sensitivity");
        assertEquals(5, ranked.size(), "lenet5's rounding layers: two convolutions, three fully-connected: " + ranked);
        for (int i = 1; i < ranked.size(); i++) {
            assertTrue(ranked.get(i - 1).path("drop_points").asDouble() >= ranked.get(i).path("drop_points").asDouble(), ranked.toString());
        }
        assertEquals(ranked.get(0).path("name").asText(), schemes.fieldNames().next(), "the most sensitive layer goes first");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("validate", FIXTURES.resolve("lenet5.onnx").toString(),
                "--data", DATA, "--limit", "1000", "--precision", "fixed:6"));
        schemes.fields().forEachRemaining(e -> args.addAll(java.util.List.of("--layer-scheme", e.getKey() + "=" + e.getValue().asText())));
        exclude.forEach(e -> args.addAll(java.util.List.of("--exclude", e.asText())));
        Path again = tmp.resolve("again.json");
        args.addAll(java.util.List.of("--json", again.toString()));
        CliRun v = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, v.code(), v.out() + v.err());
        assertEquals(report.path("top1_quantized").asDouble(), new ObjectMapper().readTree(again.toFile()).path("top1_quantized").asDouble(),
                "the printed flags give the same model");
    }
}
