package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model of the zoo (fixtures/torchvision) and the 1-D and 3-D fixtures through {@code simulate} on a
 * tiled FPGA engine and a systolic array, and {@code bench --device cpu}: each runs and reports a positive time.
 */
class ZooCommandsTest {
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));

    static Stream<Path> models() throws Exception {
        try (Stream<Path> s = Files.list(FIXTURES.resolve("torchvision"))) {
            return Stream.concat(s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList().stream(),
                    Stream.of(FIXTURES.resolve("conv1d_rows.onnx"), FIXTURES.resolve("conv3d_frames.onnx")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void simulateAndBenchRunOnEveryModel(Path model) throws Exception {
        int nodes = dev.convoy.engine.Model.load(model).optimized().nodes().size();
        for (String hw : new String[] {"zhang15-vc707", "scalesim-32x32-ws"}) {
            Path json = tmp.resolve("sim.json");
            CliRun s = CliRun.of("simulate", model.toString(), "--hw", hw, "--batch", "2", "--json", json.toString());
            assertEquals(0, s.code(), model + " " + hw + ": " + s.err());
            assertTrue(s.out().contains("total ") && s.out().contains(" cycles") && s.out().contains("ms per image"), s.out());
            // every layer costed: one row per node, each saying how it is modelled
            com.fasterxml.jackson.databind.JsonNode layers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("layers");
            assertEquals(nodes, layers.size(), model + " " + hw);
            for (com.fasterxml.jackson.databind.JsonNode l : layers) {
                assertTrue(!l.path("model").asText().isEmpty() && l.path("cycles").asLong() >= 0, l.toString());
            }
        }
        CliRun b = CliRun.of("bench", model.toString(), "--device", "cpu", "--warmup", "1", "--reps", "2");
        assertEquals(0, b.code(), model + ": " + b.err());
        assertTrue(b.out().contains("ms"), b.out());
    }

    /** The published networks by name: simulate, plan and explore at any batch, per layer and in total; bit-true refused. */
    @org.junit.jupiter.api.Test
    void builtInNetworksRunWithoutAFile() {
        for (String net : dev.convoy.sim.Networks.NAMES) {
            CliRun s = CliRun.of("simulate", "net:" + net, "--hw", "scalesim-32x32-ws", "--batch", "4");
            assertEquals(0, s.code(), net + ": " + s.err());
            assertTrue(s.out().startsWith("net:" + net + " on ") && s.out().contains("batch 4") && s.out().contains("ms per image"), s.out());
        }
        CliRun plan = CliRun.of("plan", "net:resnet18", "--hw", "pipecnn-de1soc", "--batch", "2");
        assertEquals(0, plan.code(), plan.err());
        CliRun explore = CliRun.of("explore", "net:mobilenetv2", "--hw", "zhang15-vc707", "--sweep", "lanes=8;16,vector=4;8", "--batch", "8");
        assertEquals(0, explore.code(), explore.err());
        assertTrue(explore.out().contains("at batch 8"), explore.out());
        CliRun unknown = CliRun.of("simulate", "net:lenet", "--hw", "zhang15-vc707");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("net:lenet is not one of net:alexnet"), unknown.err());
        CliRun bit = CliRun.of("simulate", "net:resnet18", "--hw", "zhang15-vc707", "--bit-true");
        assertEquals(2, bit.code());
        assertTrue(bit.err().contains("--bit-true needs a model file"), bit.err());
        assertEquals(2, CliRun.of("simulate", "net:vgg16", "--hw", "zhang15-vc707", "--batch", "0").code());
    }
}
