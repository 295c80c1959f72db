package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.quant.QLayer;
import dev.convoy.quant.QNode;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.onnx.QuantizedOnnxReader;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file `convoy quantize` wrote works where a model is accepted: summary describes it, bench times it, tune says why not. */
class QuantizedModelCommandsTest {
    @TempDir
    static Path tmp;

    private static Path q;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void quantize() {
        Path fixtures = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        q = tmp.resolve("lenet5-int8.onnx");
        CliRun r = run("quantize", fixtures.resolve("lenet5.onnx").toString(), "--data",
                System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist"), "--calib", "fashion-mnist:100", "-o", q.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void summaryDescribesTheIntegerLayers() throws Exception {
        Path json = tmp.resolve("s.json");
        CliRun r = run("summary", q.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("QConv(Conv) int8") && r.out().contains("QMaxPool"), r.out());
        QuantizedModel m = QuantizedOnnxReader.read(q);
        long params = 0, macs = 0;
        for (QNode n : m.layers()) {
            if (n.layer() instanceof QLayer.QConv c) {
                params += c.weight().length + c.bias().length;
                macs += (long) m.shapes().get(n.output()).size() * c.taps();
            }
        }
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        // the integer weights and biases, counted from the file independently of the summary's code path;
        // the prelude (input normalisation) holds no parameters in this model
        assertEquals(params, j.path("total_parameters").asLong(), j.toString());
        assertEquals(macs, j.path("total_macs").asLong(), j.toString());
    }

    @Test
    void benchTimesItAtItsOwnPrecision() throws Exception {
        for (String device : new String[] {"cpu", "sim", "opencl"}) {
            Path json = tmp.resolve("b-" + device + ".json");
            CliRun r = run("bench", q.toString(), "--device", device, "--warmup", "1", "--reps", "2", "--json", json.toString());
            assertEquals(0, r.code(), device + ": " + r.err());
            JsonNode res = new ObjectMapper().readTree(json.toFile()).path("results").get(0);
            assertEquals("int8", res.path("precision").asText(), device + ": " + res);
            assertTrue(res.path("median_ms").asDouble() > 0 && res.path("layers").size() > 0, device + ": " + res);
        }
    }

    @Test
    void tuneSaysWhyNotInOneLine() {
        CliRun r = run("tune", q.toString(), "--device", "opencl");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().strip().lines().count() == 1 && r.err().contains("is quantized (int8)"), r.err());
    }
}
