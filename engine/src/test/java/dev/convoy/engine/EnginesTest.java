package dev.convoy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.LayerTime;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Engine API on the LeNet-5 fixture: one parser per value type, every device through one factory, the
 * CPU fallback with its note, and every engine judged against the references (fp32 within 1e-4 relative —
 * the bar every OpenCL fp32 kernel is held to, for summation order — and integers identical).
 */
class EnginesTest {
    private static Model lenet;
    private static Path file;
    private static Tensor batch;
    private static LabelledImages train;

    @BeforeAll
    static void load() {
        file = Path.of(System.getProperty("convoy.fixtures", "../fixtures"), "lenet5.onnx");
        lenet = Model.load(file);
        train = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())), FashionMnist.Split.TRAIN);
        batch = lenet.fit(train.batch(0, 16), train.name());
    }

    @Test
    void devicesParseInOnePlace() {
        for (String text : List.of("cpu", "aparapi", "sim", "sim:pipecnn-de5net", "opencl", "opencl:1", "opencl:NVIDIA")) {
            Device d = Device.parse(text);
            assertEquals(d, Device.parse(d.toString()), text);
        }
        assertEquals(Device.opencl("0"), Device.parse("OpenCL"));
        assertEquals(Device.DEFAULT_ACCELERATOR, Device.parse("sim").accelerator());
        for (String bad : List.of("gpu", "cpu:1", "opencl:", "")) {
            BadInputException e = assertThrows(BadInputException.class, () -> Device.parse(bad));
            assertFalse(e.getMessage().contains("--"), "the library names no flag: " + e.getMessage());
            assertTrue(e.getMessage().contains("is not one of"), e.getMessage());
        }
    }

    @Test
    void precisionsParse() {
        assertTrue(Precision.parse("fp32").isFloat());
        assertEquals("fixed:8", Precision.parse("fixed:8").toString());
        BadInputException e = assertThrows(BadInputException.class, () -> Precision.parse("int9"));
        assertTrue(e.getMessage().startsWith("int9 is not one of fp32, int8"), e.getMessage());
    }

    @Test
    void modelIsReadOnceAndHashed() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(expected, lenet.sha256());
        assertSame(lenet.optimized(), lenet.optimized(), "the passes run once");
        assertTrue(lenet.optimized().nodes().size() < lenet.imported().nodes().size());
    }

    @Test
    void fp32OnEveryDeviceMatchesTheReference() {
        float[] reference;
        try (Engine cpu = Engines.open(lenet, EngineRequest.on(Device.cpu()))) {
            reference = cpu.run(batch).data();
            List<LayerTime> layers = cpu.profile(batch);
            assertEquals(lenet.optimized().nodes().size(), layers.size());
            assertTrue(layers.stream().allMatch(l -> l.ms() >= 0));
        }
        for (Device d : List.of(Device.opencl("0"), Device.aparapi())) {
            try (Engine e = Engines.open(lenet, EngineRequest.on(d))) {
                float[] got = e.run(batch).data();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(reference[i], got[i], 1e-4 * Math.max(1, Math.abs(reference[i])), d + " element " + i);
                }
                assertFalse(e.profile(batch).isEmpty(), d.toString());
            }
        }
    }

    @Test
    void aMissingOpenClDeviceFallsBackToTheCpuAndSaysSo() {
        List<String> notes = new ArrayList<>();
        try (Engine e = Engines.open(lenet, EngineRequest.on(Device.opencl("no-such-device")).withNotes(notes::add));
             Engine cpu = Engines.open(lenet, EngineRequest.on(Device.cpu()))) {
            assertEquals(Device.cpu(), e.device());
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).contains("no OpenCL device's name contains 'no-such-device'") && notes.get(0).endsWith("running on the CPU instead"),
                    notes.get(0));
            assertArrayEquals(cpu.run(batch).data(), e.run(batch).data());
        }
    }

    @Test
    void integerEnginesAgreeWithTheIntegerReferenceBitForBit() {
        EngineRequest int8 = EngineRequest.on(Device.cpu()).withPrecision(Precision.parse("int8"))
                .withQuantization(null, () -> train.first(200));
        QuantizedModel q = Engines.quantize(lenet, int8);
        int[] reference;
        try (IntegerEngine ref = Engines.openInteger(lenet, q, int8)) {
            reference = ref.backend().runIntegers(batch, null);
        }
        for (Device d : List.of(Device.opencl("0"), Device.sim("pipecnn-de5net"))) {
            try (IntegerEngine e = Engines.openInteger(lenet, q, EngineRequest.on(d))) {
                assertArrayEquals(reference, e.backend().runIntegers(batch, null), d.toString());
                assertNotNull(e.provenance().get("device"), d.toString());
            }
        }
        try (Engine sim = Engines.openInteger(lenet, q, EngineRequest.on(Device.sim("pipecnn-de5net")))) {
            assertTrue(sim.deterministic());
            assertEquals(sim.profile(batch), sim.profile(batch), "the cycle model gives the same times every run");
        }
    }

    @Test
    void refusalsNameWhatIsWrong() {
        assertTrue(assertThrows(BadInputException.class, () -> Engines.open(lenet, EngineRequest.on(Device.sim(null))))
                .getMessage().contains("integer precisions"));
        assertTrue(assertThrows(BadInputException.class, () -> Engines.open(lenet, EngineRequest.on(Device.aparapi())
                .withPrecision(Precision.parse("int8")).withQuantization(null, () -> train))).getMessage().contains("fp32"));
        try (Engine timed = Engines.openForTiming(lenet, EngineRequest.on(Device.sim(null)))) {
            assertThrows(BadInputException.class, () -> timed.run(batch));
            assertFalse(timed.profile(batch).isEmpty());
        }
    }

    @Test
    void provenanceSaysWhatMadeAResult() {
        try (Engine e = Engines.open(lenet, EngineRequest.on(Device.cpu()))) {
            Provenance p = Provenance.of(lenet, e, null, null);
            assertEquals(lenet.sha256(), p.modelSha256());
            assertNotNull(p.device());
            assertNotNull(p.convoyVersion());
            assertTrue(p.quantization().isEmpty());
            assertTrue(p.asProperties().containsKey("model.sha256"));
        }
    }
}
