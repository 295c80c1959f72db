package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.io.Npy;
import dev.convoy.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end: outputs, JSON keys, and exit codes with one-line errors. */
class CommandsTest {
    @TempDir
    Path tmp;

    private static Path fixtures() {
        Path p = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
        return Files.isDirectory(p) ? p : Path.of("../fixtures");
    }

    private static String data() {
        return System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void summaryPrintsEveryLayerAndWritesJson() throws Exception {
        Path json = tmp.resolve("s.json");
        CliRun r = run("summary", fixtures().resolve("lenet5.onnx").toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/conv1/Conv") && r.out().contains("61,706"), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(61_706, j.path("total_parameters").asLong());
        assertEquals(14, j.path("layers").size()); // Sub, Div, 2×(Conv, Relu, MaxPool), Reshape, 3 Gemm, 2 Relu
    }

    @Test
    void evalReportsTop1AndThroughputAsJson() throws Exception {
        Path json = tmp.resolve("e.json");
        CliRun r = run("eval", fixtures().resolve("lenet5.onnx").toString(), "--data", data(), "--limit", "300", "--batch", "64",
                "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(300, j.path("images").asInt());
        double top1 = j.path("top1").asDouble();
        assertTrue(top1 > 0.8 && top1 <= 1.0, "top1 " + top1);
        assertTrue(j.path("images_per_s").asDouble() > 0);
        assertEquals(j.path("correct").asInt() / 300.0, top1, 1e-12);
    }

    @Test
    void inferWritesNpyOfLogits() {
        Path out = tmp.resolve("logits.npy");
        CliRun r = run("infer", fixtures().resolve("resnet.onnx").toString(), "--data", data(), "--limit", "256", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Tensor ours = Npy.read(out);
        Tensor torch = Npy.read(fixtures().resolve("resnet.logits256.npy"));
        assertEquals(torch.shape(), ours.shape());
        for (int i = 0; i < ours.size(); i++) {
            // PyTorch's logits at export; 1e-4 as in the peer tests (fp32 summation order only)
            assertEquals(torch.data()[i], ours.data()[i], 1e-4);
        }
    }

    private static void assertOneLineError(CliRun r, int code, String fragment) {
        assertEquals(code, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(fragment), err);
        assertTrue(err.lines().count() <= 2, err); // the error, and for usage errors a hint line
    }

    @Test
    void badInputsExitTwoWithOneLine() throws Exception {
        Path corrupt = Files.write(tmp.resolve("corrupt.onnx"), new byte[] {8, 1, 18, 99, 1, 2});
        assertOneLineError(run("summary", tmp.resolve("missing.onnx").toString()), 2, "no such file");
        assertOneLineError(run("eval", corrupt.toString(), "--data", data()), 2, "not a valid ONNX model");
        assertOneLineError(run("eval", fixtures().resolve("lenet5.onnx").toString(), "--data", tmp.toString()), 2,
                "t10k-images-idx3-ubyte.gz");
        assertOneLineError(run("eval", fixtures().resolve("lenet5.onnx").toString(), "--limit", "0"), 2, "--limit");
        assertOneLineError(run("eval", fixtures().resolve("ops/conv_geometry.onnx").toString(), "--data", data(), "--limit", "5"),
                2, "expects [N,3,17,15]");
        assertOneLineError(run("summary", fixtures().resolve("bad/unsupported.onnx").toString()), 2, "LpNormalization (node 'lpnorm')");
        assertOneLineError(run("eval"), 2, "MODEL");
        assertOneLineError(run("frobnicate"), 2, "frobnicate");
        assertOneLineError(run("infer", fixtures().resolve("lenet5.onnx").toString()), 2, "--out");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = run("summary", "--verbose", tmp.resolve("missing.onnx").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat dev.convoy"), r.err());
    }

    @Test
    void demoChecksAgainstPyTorch() {
        CliRun r = run("demo", "--data", data(), "--limit", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/block2/proj/proj.0/Conv") && r.out().contains("top-1"), r.out());
    }

    @Test
    void quantizeThenEvalTheQuantizedFile() throws Exception {
        Path q = tmp.resolve("lenet-int8.onnx");
        CliRun r = run("quantize", fixtures().resolve("lenet5.onnx").toString(), "--data", data(), "--calib", "fashion-mnist:200",
                "--scheme", "int8", "-o", q.toString());
        assertEquals(0, r.code(), r.err());
        Path json = tmp.resolve("e.json");
        CliRun e = run("eval", q.toString(), "--data", data(), "--limit", "300", "--json", json.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("integer cpu (exact vector GEMM"), e.out()); // the fast engine by default
        assertTrue(new ObjectMapper().readTree(json.toFile()).path("top1").asDouble() > 0.8);
        CliRun onTheFly = run("eval", fixtures().resolve("lenet5.onnx").toString(), "--data", data(), "--limit", "300",
                "--precision", "int8", "--calib", "fashion-mnist:200");
        assertEquals(0, onTheFly.code(), onTheFly.err());
        String top1 = e.out().lines().skip(1).findFirst().orElseThrow().split(",")[0]; // "top-1 xx.xx% (n/300)"
        assertTrue(onTheFly.out().contains(top1), "same quantized top-1 on the fly and from the file: " + top1 + " vs " + onTheFly.out());
        assertOneLineError(run("eval", q.toString(), "--data", data(), "--precision", "int16"), 2, "already quantized");
    }

    @Test
    void validateReportsLayersAndGates() throws Exception {
        Path json = tmp.resolve("v.json");
        Path junit = tmp.resolve("v.xml");
        CliRun ok = run("validate", fixtures().resolve("lenet5.onnx").toString(), "--data", data(), "--limit", "500",
                "--calib", "fashion-mnist:200", "--max-drop", "2", "--json", json.toString(), "--junit", junit.toString());
        assertEquals(0, ok.code(), ok.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"top1_reference", "top1_quantized", "agreement", "layers"}) {
            assertTrue(j.has(key), key);
        }
        JsonNode layer = j.path("layers").get(1);
        assertTrue(layer.has("name") && layer.has("sqnr_db") && layer.has("max_abs_error"), layer.toString());
        assertTrue(Files.readString(junit).contains("<testsuite") && Files.readString(junit).contains("failures=\"0\""));
        // provenance: which model (by hash), device, every quantization option
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(fixtures().resolve("lenet5.onnx"))));
        JsonNode prov = j.path("provenance");
        assertEquals(sha, prov.path("model_sha256").asText(), prov.toString());
        assertEquals("int8", prov.path("quantization").path("scheme").asText(), prov.toString());
        assertEquals("200", prov.path("quantization").path("calibration_images").asText(), prov.toString());
        assertTrue(prov.path("device").asText().contains("CPU integer, exact vector GEMM") && !prov.path("java").asText().isEmpty(), prov.toString());
        assertTrue(Files.readString(junit).contains("<property name=\"model.sha256\" value=\"" + sha + "\"/>"), Files.readString(junit));
        CliRun fail = run("validate", fixtures().resolve("lenet5.onnx").toString(), "--data", data(), "--limit", "500",
                "--calib", "fashion-mnist:200", "--scheme", "fixed:4", "--max-drop", "0.01", "--junit", junit.toString());
        assertEquals(1, fail.code(), fail.out() + fail.err());
        assertTrue(fail.out().contains("FAIL"));
        assertTrue(Files.readString(junit).contains("<failure"));
    }

    @Test
    void perLayerMethodOverridesOnlyThatLayer() throws Exception {
        String lenet = fixtures().resolve("lenet5.onnx").toString();
        Path a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        assertEquals(0, run("validate", lenet, "--data", data(), "--limit", "100", "--calib", "fashion-mnist:100", "--json", a.toString()).code());
        assertEquals(0, run("validate", lenet, "--data", data(), "--limit", "100", "--calib", "fashion-mnist:100",
                "--layer-method", "/fc1/Gemm=percentile:90", "--json", b.toString()).code());
        JsonNode la = new ObjectMapper().readTree(a.toFile()).path("layers"), lb = new ObjectMapper().readTree(b.toFile()).path("layers");
        for (int i = 0; i < la.size(); i++) {
            String name = la.get(i).path("name").asText();
            boolean same = la.get(i).path("format").equals(lb.get(i).path("format"));
            assertEquals(!name.equals("/fc1/Gemm"), same, name + ": " + la.get(i).path("format") + " vs " + lb.get(i).path("format"));
        }
    }

    @Test
    void badQuantizationOptionsExitTwo() {
        String lenet = fixtures().resolve("lenet5.onnx").toString();
        assertOneLineError(run("validate", lenet, "--data", data(), "--scheme", "fixed:20"), 2, "4..16");
        assertOneLineError(run("validate", lenet, "--data", data(), "--scheme", "int4"), 2, "--scheme");
        assertOneLineError(run("validate", lenet, "--data", data(), "--method", "magic"), 2, "--method magic");
        assertOneLineError(run("validate", lenet, "--data", data(), "--method", "percentile:200"), 2, "(0, 100]");
        assertOneLineError(run("validate", lenet, "--data", data(), "--requant", "fast"), 2, "--requant fast");
        assertOneLineError(run("validate", lenet, "--data", data(), "--scheme", "fixed:8", "--requant", "onnx"), 2, "shift");
        assertOneLineError(run("validate", lenet, "--data", data(), "--calib", "imagenet:10"), 2, "fashion-mnist");
        assertOneLineError(run("validate", lenet, "--data", tmp.toString()), 2, "dataset-fashion-mnist");
        assertOneLineError(run("quantize", lenet, "--data", data(), "--rounding", "UP", "-o", tmp.resolve("x.onnx").toString()), 2, "--rounding");
    }

    @Test
    void planSimulateAndExplore() throws Exception {
        String resnet = fixtures().resolve("resnet.onnx").toString();
        CliRun plan = run("plan", resnet, "--hw", "zhang15-vc707");
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("/block1/conv1/Conv") && plan.out().contains("compute"), plan.out());
        Path json = tmp.resolve("sim.json");
        CliRun sim = run("simulate", resnet, "--hw", "systolic:16x16:os", "--json", json.toString());
        assertEquals(0, sim.code(), sim.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertTrue(j.path("total_cycles").asLong() > 0 && j.path("latency_ms").asDouble() > 0);
        JsonNode layer = j.path("layers").get(0);
        for (String key : new String[] {"name", "cycles", "macs", "utilization", "dram_bytes", "stall_cycles"}) {
            assertTrue(layer.has(key), key + " in " + layer);
        }
        // SCALE-Sim's user-bandwidth mode: the same layers, now with the stalls a 2-word/cycle interface causes
        Path slow = tmp.resolve("slow.json");
        CliRun user = run("simulate", resnet, "--hw", "systolic:16x16:os:sram=4:bw=2", "--json", slow.toString());
        assertEquals(0, user.code(), user.err());
        assertTrue(user.out().contains("user bandwidth 2 words/cycle"), user.out());
        JsonNode u = new ObjectMapper().readTree(slow.toFile());
        JsonNode first = u.path("layers").get(0);
        assertEquals(layer.path("compute_cycles").asLong(), first.path("compute_cycles").asLong(), "stall-free part equals CALC mode");
        assertTrue(first.path("stall_cycles").asLong() > 0 && u.path("total_cycles").asLong() > j.path("total_cycles").asLong(), first.toString());
        assertOneLineError(run("simulate", resnet, "--hw", "systolic:16x16:os:bw=0"), 2, "interface_bandwidth");
        CliRun bits = run("simulate", resnet, "--hw", "vta-16x16", "--bit-true", "--data", data(), "--limit", "20", "--calib", "fashion-mnist:100");
        assertEquals(0, bits.code(), bits.err());
        assertTrue(bits.out().contains(" 0 differ"), bits.out());
        Path svg = tmp.resolve("x.svg");
        CliRun ex = run("explore", resnet, "--hw", "pipecnn-de1soc", "--sweep", "lanes=2..6,vector=2;4", "--plot", svg.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().startsWith("10 designs"), ex.out());
        assertTrue(Files.readString(svg).contains("Pareto front"));
        assertOneLineError(run("plan", resnet, "--hw", "zhang15-vc707", "--tiling", "128x7"), 2, "exceeds");
        assertOneLineError(run("simulate", resnet, "--hw", "nope"), 2, "not a preset");
        assertOneLineError(run("explore", resnet, "--hw", "systolic:8x8:ws"), 2, "systolic");
    }

    /**
     * bench on every device: each layer of the model timed (device time, wall time, or the cycle model's), totals
     * consistent with the per-image rate; the simulated time is the latency that convoy simulate reports for the
     * same accelerator at the same batch (every layer costed there too).
     */
    @Test
    void benchTimesEveryDevice() throws Exception {
        String lenet = fixtures().resolve("lenet5.onnx").toString();
        ObjectMapper json = new ObjectMapper();
        for (String device : new String[] {"cpu", "aparapi", "opencl", "sim"}) {
            Path out = tmp.resolve("bench-" + device + ".json");
            CliRun r = run("bench", lenet, "--device", device, "--batch", "3", "--warmup", "1", "--reps", "3", "--json", out.toString());
            assertEquals(0, r.code(), device + ": " + r.err());
            JsonNode res = json.readTree(out.toFile()).path("results").get(0);
            double median = res.path("median_ms").asDouble();
            assertTrue(median > 0, device + ": " + res);
            assertEquals(3 * 1000 / median, res.path("images_per_s").asDouble(), 1e-6 * res.path("images_per_s").asDouble(), device);
            JsonNode layers = res.path("layers");
            boolean sim = device.equals("sim");
            assertEquals(10, layers.size(), device + ": " + layers);
            for (JsonNode l : layers) {
                assertTrue(l.path("node").asText().startsWith("/") && l.path("ms").asDouble() >= 0, device + ": " + l);
            }
            if (sim) {
                Path simJson = tmp.resolve("sim.json");
                assertEquals(0, run("simulate", lenet, "--hw", "zhang15-vc707", "--batch", "3", "--json", simJson.toString()).code());
                assertEquals(json.readTree(simJson.toFile()).path("latency_ms").asDouble(), median, 1e-9);
                assertEquals(1, res.path("reps").asInt());
            }
            if (device.equals("aparapi")) {
                assertTrue(res.path("device").asText().contains("on OpenCL"), res.path("device").asText());
            }
        }
    }

    /** Needs an OpenCL platform: CI installs PoCL (pocl-opencl-icd), as the README's set-up does. */
    @Test
    void devicesListPoclAndWriteALoadableProfile() {
        Path yaml = tmp.resolve("dev.yaml");
        CliRun r = run("devices", "--hw-config", yaml.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Portable Computing Language") || r.out().contains("OpenCL C"), r.out());
        dev.convoy.hw.HardwareConfig hw = dev.convoy.hw.HardwareConfigs.load(yaml.toString());
        assertTrue(hw.clockMhz() > 0 && hw.peArray().lanes() > 0);
        assertEquals(0, run("plan", fixtures().resolve("lenet5.onnx").toString(), "--hw", yaml.toString()).code());
        assertOneLineError(run("devices", "--hw-config", yaml.toString(), "--device", "99"), 2, "--device 99");
    }

    @Test
    void evalOnOpenClGivesTheSameTop1AndFallsBackWithoutTheDevice() {
        String lenet = fixtures().resolve("lenet5.onnx").toString();
        String cpu = run("eval", lenet, "--data", data(), "--limit", "200").out().lines().skip(1).findFirst().orElseThrow().split(",")[0];
        CliRun cl = run("eval", lenet, "--data", data(), "--limit", "200", "--device", "opencl");
        assertEquals(0, cl.code(), cl.err());
        assertTrue(cl.out().contains("fp32 on ") && cl.out().contains(cpu), cpu + " vs " + cl.out());
        CliRun named = run("eval", lenet, "--data", data(), "--limit", "20", "--device", "opencl:no-such-device");
        assertTrue(named.code() == 0 && named.err().contains("no OpenCL device's name contains 'no-such-device'"), named.err());
        CliRun missing = run("eval", lenet, "--data", data(), "--limit", "20", "--device", "opencl:99");
        assertEquals(0, missing.code());
        assertTrue(missing.err().contains("running on the CPU instead"), missing.err());
        assertOneLineError(run("eval", lenet, "--data", data(), "--device", "gpu"), 2, "--device gpu");
    }

    /**
     * Every --device: aparapi and opencl agree with the CPU's top-1 line for fp32; sim, opencl and a
     * precompiled kernel set (written by fpga-kernels, loaded with --binary) agree with the integer reference
     * for int8 — they are bit-exact, so the whole accuracy line is equal. Mismatched uses fail with one line.
     */
    @Test
    void everyDeviceGivesTheSameAnswer() {
        String lenet = fixtures().resolve("lenet5.onnx").toString();
        String fp32 = top1(run("eval", lenet, "--data", data(), "--limit", "300"));
        CliRun aparapi = run("eval", lenet, "--data", data(), "--limit", "300", "--device", "aparapi");
        assertEquals(0, aparapi.code(), aparapi.err());
        assertEquals(fp32, top1(aparapi));
        assertTrue(aparapi.out().contains("layers on OpenCL") && aparapi.out().contains("0 on Java threads"), aparapi.out());
        String[] int8 = {"eval", lenet, "--data", data(), "--limit", "300", "--precision", "int8", "--requant", "tflite", "--calib", "fashion-mnist:200"};
        String reference = top1(run(int8));
        for (String[] extra : new String[][] {{"--device", "sim"}, {"--device", "opencl"}}) {
            CliRun r = run(concat(int8, extra));
            assertEquals(0, r.code(), r.err());
            assertEquals(reference, top1(r), String.join(" ", extra));
        }
        Path bin = tmp.resolve("int8_tflite.bin");
        CliRun built = run("fpga-kernels", "--scheme", "int8", "--requant", "tflite", "--binary", bin.toString(), "--source", tmp.resolve("k.cl").toString());
        assertEquals(0, built.code(), built.err());
        CliRun fpga = run(concat(int8, new String[] {"--device", "opencl", "--binary", bin.toString()}));
        assertEquals(0, fpga.code(), fpga.err());
        assertTrue(fpga.out().contains("kernel set " + bin), fpga.out());
        assertEquals(reference, top1(fpga));
        CliRun wrong = run("eval", lenet, "--data", data(), "--limit", "20", "--precision", "int8", "--calib", "fashion-mnist:200", "--device", "opencl",
                "--binary", bin.toString());
        assertEquals(2, wrong.code());
        String lastLine = wrong.err().strip().lines().reduce((a, b) -> b).orElse("");   // after the calibration progress
        assertTrue(lastLine.startsWith("convoy: " + bin + ": built for 8-bit storage, tflite") && !wrong.err().contains("\tat "), wrong.err());
        assertOneLineError(run("eval", lenet, "--data", data(), "--limit", "20", "--device", "sim"), 2, "--device sim runs integer precisions");
        assertOneLineError(run("eval", lenet, "--data", data(), "--limit", "20", "--precision", "int8", "--device", "aparapi"), 2, "fp32");
        assertOneLineError(run("eval", lenet, "--data", data(), "--limit", "20", "--binary", bin.toString()), 2, "--binary");
        CliRun v = run("validate", lenet, "--data", data(), "--limit", "300", "--calib", "fashion-mnist:200", "--device", "opencl");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("quantized model on: integer on "), v.out());
    }

    private static String top1(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("top-1")).findFirst().orElseThrow(() -> new AssertionError(r.out() + r.err())).split(",")[0];
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
