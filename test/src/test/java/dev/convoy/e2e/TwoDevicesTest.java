package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.Device;
import dev.convoy.engine.Engine;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.MultiDeviceEngine;
import dev.convoy.engine.Precision;
import dev.convoy.opencl.runtime.Devices;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several OpenCL devices sharing each batch ({@code opencl:0,1}, {@code opencl:all}), on two PoCL CPU devices
 * (this class runs in its own JVM with {@code POCL_DEVICES="pthread pthread"}, see the test module's pom). Peer: the
 * same engine on device 0 alone; tolerance: none — every image goes through the same kernels on whichever device
 * takes it, so the outputs must be equal bit for bit, fp32 and integer, for even and odd splits.
 */
class TwoDevicesTest {
    private static Tensor images(int n) {
        LabelledImages t = Fixtures.testSet();
        return t.images().samples(0, n);
    }

    private static void assertSameOutputs(String model, Precision p, int batch) {
        Model m = Model.load(Fixtures.dir().resolve(model));
        EngineRequest base = EngineRequest.on(Device.opencl("0")).withPrecision(p);
        if (!p.isFloat()) {
            LabelledImages calib = Fixtures.testSet();
            base = base.withQuantization(QuantOptions.defaults(p.scheme(), null),
                    () -> new LabelledImages("calibration", calib.images().samples(0, 200), new int[200]));
        }
        Tensor x = images(batch);
        try (Engine one = Engines.open(m, base); Engine two = Engines.open(m, base.withDevice(Device.parse("opencl:0,1")))) {
            assertTrue(two instanceof MultiDeviceEngine, two.getClass().getName());
            float[] a = one.run(x).data(), b = two.run(x).data();
            assertArrayEquals(a, b, model + " " + p + " batch " + batch);
            List<MultiDeviceEngine.DeviceThroughput> per = ((MultiDeviceEngine) two).throughput();
            assertEquals(2, per.size());
            assertEquals(batch, per.get(0).images() + per.get(1).images(), "every image ran once");
            assertEquals((batch + 1) / 2, per.get(0).images(), "the first device takes the larger share");
        }
    }

    @Test
    void poclShowsTwoDevices() {
        assertEquals(2, Devices.list().size(), "POCL_DEVICES=\"pthread pthread\" should expose two devices");
    }

    @ParameterizedTest(name = "{0} {1} batch {2}")
    @CsvSource({"resnet.onnx,fp32,64", "resnet.onnx,fp32,37", "lenet5.onnx,fp32,9", "resnet.onnx,int8,64", "resnet.onnx,int8,37",
        "lenet5.onnx,int16,9"})
    void outputsEqualOneDevice(String model, String precision, int batch) {
        assertSameOutputs(model, Precision.parse(precision), batch);
    }

    @Test
    void aStreamOfBatchesEqualsOneDevicesStream() {
        Model m = Model.load(Fixtures.dir().resolve("resnet.onnx"));
        Tensor all = images(69);
        List<Tensor> batches = List.of(all.samples(0, 16), all.samples(16, 32), all.samples(32, 48), all.samples(48, 64), all.samples(64, 69));
        try (Engine one = Engines.open(m, EngineRequest.on(Device.opencl("0"))); Engine two = Engines.open(m, EngineRequest.on(Device.parse("opencl:0,1")))) {
            List<Tensor> a = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
            one.run(batches.iterator(), a::add);
            two.run(batches.iterator(), b::add);
            assertEquals(5, b.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(a.get(i).shape(), b.get(i).shape());
                assertArrayEquals(a.get(i).data(), b.get(i).data(), "batch " + i);
            }
        }
    }

    @Test
    void benchPrintsEachDevicesThroughput() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new dev.convoy.cli.ConvoyCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
        int code = cl.execute("bench", Fixtures.dir().resolve("lenet5.onnx").toString(), "--device", "opencl:0,1", "--batch", "8", "--reps", "2",
                "--warmup", "1");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("device 0: ") && out.toString().contains("device 1: ") && out.toString().contains("total: "), out.toString());
        assertTrue(out.toString().matches("(?s).*device 1: .*: 12 images in .*images/s.*"), out.toString());
    }

    @Test
    void allMeansEveryDeviceAndABatchOfOneUsesOne() {
        Model m = Model.load(Fixtures.dir().resolve("lenet5.onnx"));
        try (Engine all = Engines.open(m, EngineRequest.on(Device.parse("opencl:all")))) {
            assertEquals(2, ((MultiDeviceEngine) all).members().size());
            Tensor one = images(1);
            all.run(one);
            assertEquals(1, ((MultiDeviceEngine) all).throughput().stream().mapToLong(MultiDeviceEngine.DeviceThroughput::images).sum());
        }
    }

    @Test
    void aMissingOrRepeatedDeviceIsRefusedInOneLine() {
        Model m = Model.load(Fixtures.dir().resolve("lenet5.onnx"));
        BadInputException missing = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> Engines.open(m, EngineRequest.on(Device.parse("opencl:0,7"))).close());
        assertTrue(missing.getMessage().contains("device 7 cannot be opened"), missing.getMessage());
        BadInputException twice = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> Engines.open(m, EngineRequest.on(Device.parse("opencl:1,1"))).close());
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
    }
}
