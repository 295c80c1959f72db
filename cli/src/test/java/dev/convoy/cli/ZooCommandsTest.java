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
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));

    static Stream<Path> models() throws Exception {
        try (Stream<Path> s = Files.list(FIXTURES.resolve("torchvision"))) {
            return Stream.concat(s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList().stream(),
                    Stream.of(FIXTURES.resolve("conv1d_rows.onnx"), FIXTURES.resolve("conv3d_frames.onnx")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void simulateAndBenchRunOnEveryModel(Path model) {
        for (String hw : new String[] {"zhang15-vc707", "scalesim-32x32-ws"}) {
            CliRun s = CliRun.of("simulate", model.toString(), "--hw", hw);
            assertEquals(0, s.code(), model + " " + hw + ": " + s.err());
            assertTrue(s.out().contains("total ") && s.out().contains(" cycles"), s.out());
        }
        CliRun b = CliRun.of("bench", model.toString(), "--device", "cpu", "--warmup", "1", "--reps", "2");
        assertEquals(0, b.code(), model + ": " + b.err());
        assertTrue(b.out().contains("ms"), b.out());
    }
}
