package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code convoy report} writes one page with every section and says where; bad options are refused in one line;
 * {@code explore} draws a plot only when asked, with titled log axes and a legend.
 */
class ReportCommandTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final String DATA = System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @Test
    void reportWritesEverySection() throws Exception {
        Path out = tmp.resolve("r.html");
        CliRun r = CliRun.of("report", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--calib", "fashion-mnist:100",
                "--tsne-images", "100", "--tsne-iterations", "100", "--robustness-images", "50", "--validate-images", "50", "--max-shift", "1",
                "--hw", "pipecnn-de1soc", "--sensitivity", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("report: " + out), r.out());
        String html = Files.readString(out);
        for (String id : dev.convoy.html.HtmlReport.SECTIONS) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("Sensitivity") && html.contains("roofline of pipecnn-de1soc") && html.contains("Pareto front"), "sections' content");
        // self-contained: nothing fetched from a network (namespaces in xmlns attributes are names, not fetches)
        assertFalse(java.util.regex.Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "an external resource");
        assertFalse(html.contains("<link"), "an external stylesheet");
    }

    @Test
    void badOptionsAreRefusedInOneLine() {
        String m = FIXTURES.resolve("lenet5.onnx").toString();
        CliRun fp32 = CliRun.of("report", m, "--precision", "fp32", "-o", tmp.resolve("a.html").toString());
        assertEquals(ExitCode.BAD_INPUT, fp32.code());
        assertTrue(fp32.err().contains("compares fp32 with a quantized form") && fp32.err().strip().lines().count() == 1, fp32.err());
        CliRun image = CliRun.of("report", m, "--data", DATA, "--limit", "50", "--calib", "fashion-mnist:50", "--image", "50",
                "--tsne-images", "20", "-o", tmp.resolve("b.html").toString());
        assertEquals(ExitCode.BAD_INPUT, image.code(), image.err());
        assertTrue(image.err().contains("--image 50") && image.err().strip().lines().count() == 1, image.err());
        CliRun fill = CliRun.of("report", m, "--occlusion-fill", "grey", "-o", tmp.resolve("c.html").toString());
        assertEquals(ExitCode.BAD_INPUT, fill.code());
        assertTrue(fill.err().contains("--occlusion-fill grey"), fill.err());
        assertFalse(Files.exists(tmp.resolve("a.html")) || Files.exists(tmp.resolve("b.html")) || Files.exists(tmp.resolve("c.html")));
    }

    @Test
    void explorePlotsOnlyWhenAskedWithAxesAndLegend() throws Exception {
        String m = FIXTURES.resolve("resnet.onnx").toString();
        CliRun plain = CliRun.of("explore", m, "--hw", "pipecnn-de1soc", "--sweep", "lanes=2..6,vector=2;4");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.out().contains("plot:"), plain.out());
        assertFalse(Files.exists(Path.of("explore.svg")), "explore wrote a file it was not asked for");
        Path svg = tmp.resolve("p.svg");
        CliRun plot = CliRun.of("explore", m, "--hw", "pipecnn-de1soc", "--sweep", "lanes=2..6,vector=2;4", "--plot", svg.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(plot.out().contains("plot: " + svg), plot.out());
        // a well-formed SVG (browsers refuse a malformed one), two charts, each labelled with its axis titles and series
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        NodeList charts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        int labelled = 0;
        for (int i = 0; i < charts.getLength(); i++) {
            String label = ((Element) charts.item(i)).getAttribute("aria-label");
            if (!label.isEmpty()) {
                assertTrue(label.contains("x axis: ") && label.contains("log") && label.contains("y axis: latency (ms, log)")
                        && label.contains("all designs (10)") && label.contains("Pareto front"), label);
                labelled++;
            }
        }
        assertEquals(2, labelled);
        // XChart draws each text (titles, tick labels, legend) as a glyph-outline path, and grid and tick marks as lines
        int paths = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength();
        int lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line").getLength();
        assertTrue(paths > 30 && lines > 10, paths + " paths, " + lines + " lines");
    }
}
