package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageSource;
import dev.convoy.data.DataSources;
import dev.convoy.data.PreprocessingSettings;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.html.HtmlReport;
import dev.convoy.html.ReportSettings;
import dev.convoy.manifold.Tsne;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Scheme;
import dev.convoy.visual.Robustness;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture's report opens in a real headless browser (Debian's chromium): the page's own load-time check
 * finds every picture decoded and no script error, the browser logs nothing to its console, and all eight
 * sections are there. Skipped only where chromium is not installed (./verify installs it, so CI runs it). The
 * pages and full-page screenshots are left in target/reports.
 */
class ReportBrowserTest {
    private static String chromium;

    @BeforeAll
    static void findBrowser() {
        chromium = Stream.of("chromium", "chromium-browser", "google-chrome").flatMap(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name))).filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(Arguments.of("lenet5", "lenet5.onnx", "zhang15-vc707"), Arguments.of("resnet", "resnet.onnx", "pipecnn-de1soc"),
                Arguments.of("conv1d_rows", "conv1d_rows.onnx", "scalesim-32x32-ws"), Arguments.of("conv3d_frames", "conv3d_frames.onnx", "zhang15-vc707"),
                Arguments.of("tinted", "tinted/tinted.onnx", "vta-16x16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportOpensCleanlyInABrowser(String name, String file, String hw) throws Exception {
        Model model = Model.load(Fixtures.dir().resolve(file));
        Path data = Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString()));
        boolean tinted = name.equals("tinted");
        java.util.function.Supplier<ImageSource> calibration = tinted
                ? () -> DataSources.open(Fixtures.dir().resolve("tinted/train").toString(), null, null, preprocessing(), FashionMnist.Split.TRAIN).first(100)
                : () -> FashionMnist.load(data, FashionMnist.Split.TRAIN).first(200);
        EngineRequest request = EngineRequest.on(Device.cpu()).withPrecision(Precision.parse("int8"))
                .withQuantization(QuantOptions.defaults(Scheme.parse("int8"), null), calibration);
        QuantizedModel q = Engines.quantize(model, request);
        ReportSettings d = ReportSettings.defaults();
        ReportSettings s = new ReportSettings(0, 2, 0, 0, d.fill(), 8, 3, 300, new Tsne(30, 300, 0.5, 0), 3, 5, 150,
                new Robustness.Conditions(2, new double[] {0.5}, new double[] {10}), 150, 100, false, dev.convoy.hw.HardwareConfigs.load(hw), 50);
        HtmlReport.Report r;
        try (ImageSource test = tinted ? DataSources.open(Fixtures.dir().resolve("tinted/test").toString(), null, null, preprocessing(),
                FashionMnist.Split.TEST) : FashionMnist.load(data, FashionMnist.Split.TEST); ImageSource calib = calibration.get()) {
            r = HtmlReport.build(model, q, request, test, calib, s, HtmlReport.Steps.NONE);
        }
        Path dir = Files.createDirectories(Path.of("target", "reports"));
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, r.html());

        Result dom = browse("--dump-dom", page);
        String body = dom.out().substring(dom.out().indexOf("<body"), dom.out().indexOf('>', dom.out().indexOf("<body")) + 1);
        assertTrue(body.contains("data-checked=\"yes\""), "the page's load check did not run: " + body);
        assertTrue(body.contains("data-broken-images=\"0\""), "pictures failed to decode: " + body);
        assertTrue(body.contains("data-script-errors=\"0\""), body);
        assertTrue(!body.contains("data-images=\"0\""), "no pictures: " + body);
        List<String> console = dom.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "browser console");
        for (String id : HtmlReport.SECTIONS) {
            assertTrue(dom.out().contains("<section id=\"" + id + "\">"), "section " + id);
        }
        Result shot = browse("--screenshot=" + dir.resolve(name + ".png").toAbsolutePath(), page);
        assertTrue(Files.size(dir.resolve(name + ".png")) > 10_000, shot.err());
    }

    private static dev.convoy.data.Preprocessing preprocessing() {
        return PreprocessingSettings.read(Fixtures.dir().resolve("tinted/preprocess.yaml")).resolve(3);
    }

    private record Result(String out, String err) {
    }

    private static Result browse(String action, Path page) throws IOException, InterruptedException {
        Path err = Files.createTempFile("chromium", ".err");
        ProcessBuilder pb = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--window-size=1400,4000", action,
                page.toUri().toString()).redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish within 120 s");
        String e = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        assertEquals(0, p.exitValue(), e);
        return new Result(new String(out, StandardCharsets.UTF_8), e);
    }
}
