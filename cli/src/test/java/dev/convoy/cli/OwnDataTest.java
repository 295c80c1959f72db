package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.io.NpyArray;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own model and data, judged against PyTorch. The fixture (tools/fixtures/train_tinted.py) is an RGB
 * model trained by PyTorch on tinted Fashion-MNIST PNGs in ImageFolder class folders, with CenterCrop(28),
 * ToTensor and Normalize(mean, std) applied outside the graph; fixtures/tinted/tinted.json holds PyTorch's count
 * of correct answers on the 1,000 committed test PNGs, its class order, mean and std, and test.logits.npy its
 * logits.
 */
class OwnDataTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final Path TINTED = FIXTURES.resolve("tinted");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode pytorch() throws Exception {
        return JSON.readTree(TINTED.resolve("tinted.json").toFile());
    }

    private static String csv(JsonNode array) {
        List<String> v = new ArrayList<>();
        array.forEach(n -> v.add(n.asText()));
        return String.join(",", v);
    }

    private JsonNode eval(String... args) throws Exception {
        Path json = Files.createTempFile(tmp, "eval", ".json");
        List<String> a = new ArrayList<>(List.of("eval"));
        a.addAll(List.of(args));
        a.addAll(List.of("--json", json.toString()));
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code(), r.err());
        return JSON.readTree(json.toFile());
    }

    /** The ImageFolder read, crop, scale and normalisation reproduce PyTorch's top-1 exactly (same count, not within a tolerance). */
    @Test
    void pngClassFoldersReachPyTorchTop1() throws Exception {
        JsonNode torch = pytorch();
        JsonNode r = eval(TINTED.resolve("tinted.onnx").toString(), "--data", TINTED.resolve("test").toString(), "--center-crop", "28",
                "--mean", csv(torch.path("mean")), "--std", csv(torch.path("std")));
        assertEquals(torch.path("test_images").asInt(), r.path("images").asInt());
        assertEquals(torch.path("correct").asInt(), r.path("correct").asInt(), "PyTorch's correct answers on the same PNGs");
        assertEquals(torch.path("classes"), r.path("class_names"), "class index = sorted folder names, as torchvision.datasets.ImageFolder");
        JsonNode yaml = eval(TINTED.resolve("tinted.onnx").toString(), "--data", TINTED.resolve("test").toString(),
                "--preprocess", TINTED.resolve("preprocess.yaml").toString());
        assertEquals(torch.path("correct").asInt(), yaml.path("correct").asInt(), "the same settings from --preprocess");
    }

    /** PyTorch's own preprocessed tensors, as the .npz NumPy saved and as the .npy members inside it with --labels. */
    @Test
    void preprocessedArraysReachPyTorchTop1() throws Exception {
        JsonNode torch = pytorch();
        String model = TINTED.resolve("tinted.onnx").toString();
        assertEquals(torch.path("correct").asInt(), eval(model, "--data", TINTED.resolve("test.npz").toString()).path("correct").asInt());
        Path x = tmp.resolve("x.npy"), y = tmp.resolve("y.npy");
        try (ZipFile zip = new ZipFile(TINTED.resolve("test.npz").toFile())) {
            for (String name : List.of("x", "y")) {
                try (InputStream in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
                    Files.copy(in, name.equals("x") ? x : y);
                }
            }
        }
        JsonNode npy = eval(model, "--data", x.toString(), "--labels", y.toString());
        assertEquals(torch.path("correct").asInt(), npy.path("correct").asInt(), "from x.npy with --labels y.npy");
    }

    /**
     * Without labels, --reference compares with PyTorch's logits. Tolerance: both are fp32 with different summation
     * orders; 1e-4 of the largest logit is some 100 float ulps of it, far above reordering noise and far below a
     * preprocessing mistake (a wrong mean moves logits by tenths).
     */
    @Test
    void referenceLogitsAgreeWithoutLabels() throws Exception {
        Path x = tmp.resolve("x.npy");
        try (ZipFile zip = new ZipFile(TINTED.resolve("test.npz").toFile()); InputStream in = zip.getInputStream(zip.getEntry("x.npy"))) {
            Files.copy(in, x);
        }
        Path logits = TINTED.resolve("test.logits.npy");
        float largest;
        try (NpyArray a = NpyArray.open(logits)) {
            largest = 0;
            for (float v : a.floats(0, a.rows())) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        JsonNode r = eval(TINTED.resolve("tinted.onnx").toString(), "--data", x.toString(), "--reference", logits.toString()).path("reference");
        assertEquals(1000, r.path("rows").asInt());
        assertTrue(r.path("max_abs_error").asDouble() <= 1e-4 * largest, r.toString());
        assertTrue(r.path("argmax_agreement").asDouble() >= 0.999, r.toString());
        assertTrue(r.path("sqnr_db").asDouble() > 80, r.toString());
    }

    /**
     * Calibrating on the first 500 training PNGs keeps the int8 drop within half a point on the 1,000 test PNGs,
     * and the quantized model keeps its preprocessing: eval of it needs no flags.
     */
    @Test
    void calibrationOnTheTrainingFolderKeepsTheDropSmallAndTheModelRemembersItsPreprocessing() throws Exception {
        String model = TINTED.resolve("tinted.onnx").toString();
        String prep = TINTED.resolve("preprocess.yaml").toString();
        Path json = tmp.resolve("v.json");
        CliRun v = CliRun.of("validate", model, "--data", TINTED.resolve("test").toString(), "--preprocess", prep,
                "--calib", TINTED.resolve("train").toString() + ":500", "--max-drop", "0.5", "--json", json.toString());
        assertEquals(ExitCode.OK, v.code(), v.out() + v.err());
        JsonNode report = JSON.readTree(json.toFile());
        assertTrue(report.path("drop_points").asDouble() <= 0.5, report.toString());
        assertEquals(pytorch().path("correct").asDouble() / 1000, report.path("top1_reference").asDouble(), 1e-12);

        Path q = tmp.resolve("q.onnx");
        CliRun quantize = CliRun.of("quantize", model, "--preprocess", prep, "--calib", TINTED.resolve("train").toString() + ":500",
                "-o", q.toString());
        assertEquals(ExitCode.OK, quantize.code(), quantize.err());
        JsonNode bare = eval(q.toString(), "--data", TINTED.resolve("test").toString());
        assertEquals(report.path("top1_quantized").asDouble(), bare.path("top1").asDouble(), 1e-12,
                "the quantized model evaluated with the preprocessing it stores = validate's quantized top-1");
    }

    /**
     * torchvision's MobileNetV2 and SqueezeNet (tools/fixtures/export_torchvision.py, random weights): infer equals
     * PyTorch's outputs within 1e-4 of their largest magnitude — fp32 with another summation order, so a relative
     * bound per tensor, not bit equality.
     */
    @Test
    void inferOnTorchvisionModelsMatchesPyTorch() throws Exception {
        for (String name : List.of("mobilenet_v2_w025", "squeezenet1_1")) {
            Path dir = FIXTURES.resolve("torchvision");
            Path out = tmp.resolve(name + ".npy");
            CliRun r = CliRun.of("infer", dir.resolve(name + ".onnx").toString(), "--data", dir.resolve(name + ".input.npy").toString(),
                    "--out", out.toString());
            assertEquals(ExitCode.OK, r.code(), r.err());
            float[] ours, theirs;
            try (NpyArray a = NpyArray.open(out); NpyArray b = NpyArray.open(dir.resolve(name + ".output.npy"))) {
                assertEquals(b.rows(), a.rows(), name);
                ours = a.floats(0, a.rows());
                theirs = b.floats(0, b.rows());
            }
            double largest = 0, err = 0;
            for (int i = 0; i < theirs.length; i++) {
                largest = Math.max(largest, Math.abs(theirs[i]));
                err = Math.max(err, Math.abs(ours[i] - theirs[i]));
            }
            assertTrue(largest > 0, name + ": PyTorch's outputs are all zero; the fixture tests nothing");
            assertTrue(err <= 1e-4 * largest, name + ": max |ours - PyTorch| " + err + " > 1e-4 × " + largest);
        }
    }

    /** Reference files that cannot be compared are refused in one line naming the file. */
    @Test
    void aReferenceOfTheWrongShapeIsRefused() {
        Path dir = FIXTURES.resolve("torchvision");
        CliRun r = CliRun.of("eval", dir.resolve("squeezenet1_1.onnx").toString(), "--data", dir.resolve("squeezenet1_1.input.npy").toString(),
                "--reference", dir.resolve("squeezenet1_1.input.npy").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("squeezenet1_1.input.npy: shape [4, 3, 64, 64] does not match the outputs, [4,10]"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
