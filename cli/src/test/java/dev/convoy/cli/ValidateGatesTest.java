package dev.convoy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * validate as a CI gate: each gate and each layer is its own JUnit test case, named the same on every run, failing
 * on its own; any failed gate exits 1. The SQNR thresholds are chosen from the report of the same run, so the test
 * holds for any calibration: the weakest layer is made to fail and the others to pass.
 */
class ValidateGatesTest {
    private static final Path FIXTURES = Path.of(System.getProperty("convoy.fixtures", "../fixtures"));
    private static final String DATA = System.getProperty("convoy.fashionMnist", "/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    private CliRun validate(Path junit, String... gates) {
        List<String> a = new ArrayList<>(List.of("validate", FIXTURES.resolve("lenet5.onnx").toString(), "--data", DATA, "--limit", "200",
                "--calib", "fashion-mnist:200", "--junit", junit.toString()));
        a.addAll(List.of(gates));
        return CliRun.of(a.toArray(String[]::new));
    }

    /** testcase name → [classname, failed, time, sqnr_db property] */
    private static Map<String, String[]> cases(Path junit) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList list = d.getElementsByTagName("testcase");
        Map<String, String[]> m = new LinkedHashMap<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            String sqnr = "";
            NodeList props = e.getElementsByTagName("property");
            for (int p = 0; p < props.getLength(); p++) {
                Element prop = (Element) props.item(p);
                if (prop.getAttribute("name").equals("sqnr_db")) {
                    sqnr = prop.getAttribute("value");
                }
            }
            assertTrue(e.getAttribute("time").matches("\\d+\\.\\d+"), "time attribute of " + e.getAttribute("name"));
            m.put(e.getAttribute("name"), new String[] {e.getAttribute("classname"),
                    Boolean.toString(e.getElementsByTagName("failure").getLength() > 0), e.getAttribute("time"), sqnr});
        }
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertEquals(m.size(), Integer.parseInt(suite.getAttribute("tests")));
        assertEquals(m.values().stream().filter(c -> c[1].equals("true")).count(), Long.parseLong(suite.getAttribute("failures")));
        return m;
    }

    @Test
    void eachLayerIsItsOwnTestCaseAndFailsAlone() throws Exception {
        Path first = tmp.resolve("first.xml");
        CliRun pass = validate(first, "--max-drop", "5", "--min-agreement", "0.5");
        assertEquals(ExitCode.OK, pass.code(), pass.out() + pass.err());
        Map<String, String[]> all = cases(first);
        assertEquals(List.of("top1_drop", "agreement"), new ArrayList<>(all.keySet()).subList(0, 2), "model-level gates first");
        String weakest = null;
        double weakestDb = Double.POSITIVE_INFINITY, secondDb = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, String[]> e : all.entrySet()) {
            assertFalse(e.getKey().matches(".*\\d+\\.\\d+.*"), "no measured number in a test case name: " + e.getKey());
            assertEquals("false", e.getValue()[1], e.getKey() + " passes without SQNR gates");
            if (e.getValue()[0].equals("layers")) {
                double db = Double.parseDouble(e.getValue()[3]);
                if (db < weakestDb) {
                    secondDb = weakestDb;
                    weakestDb = db;
                    weakest = e.getKey();
                } else {
                    secondDb = Math.min(secondDb, db);
                }
            }
        }
        assertTrue(weakestDb < secondDb, "the fixture's two weakest layers have distinct SQNRs");
        double between = (weakestDb + secondDb) / 2;

        Path second = tmp.resolve("second.xml");
        CliRun fail = validate(second, "--max-drop", "5", "--min-sqnr", String.valueOf(between));
        assertEquals(ExitCode.CHECK_FAILED, fail.code(), fail.out());
        Map<String, String[]> judged = cases(second);
        for (Map.Entry<String, String[]> e : judged.entrySet()) {
            assertEquals(Boolean.toString(e.getKey().equals(weakest)), e.getValue()[1], e.getKey());
        }
        assertTrue(fail.out().contains("FAIL: layer " + weakest + ": "), fail.out());
        assertEquals(new ArrayList<>(all.keySet()).subList(2, all.size()), new ArrayList<>(judged.keySet()).subList(1, judged.size()),
                "the same layer test cases on every run");

        // a per-layer threshold replaces the all-layer one for that layer only
        CliRun relaxed = validate(tmp.resolve("third.xml"), "--max-drop", "5", "--min-sqnr", String.valueOf(between),
                "--min-sqnr", weakest + "=" + (weakestDb - 1));
        assertEquals(ExitCode.OK, relaxed.code(), relaxed.out());
    }

    @Test
    void agreementAndDropGatesFailWithExitOne() throws Exception {
        Path junit = tmp.resolve("v.xml");
        CliRun r = validate(junit, "--max-drop", "5", "--min-agreement", "1");
        // 200 images of LeNet-5 int8 agree at 98–100 %; the gate must match what was printed
        boolean agreed = r.out().contains("argmax agreement 1.0000, at least");
        assertEquals(agreed ? ExitCode.OK : ExitCode.CHECK_FAILED, r.code(), r.out());
        assertEquals(Boolean.toString(!agreed), cases(junit).get("agreement")[1]);
    }

    @Test
    void gateOptionsThatMeanNothingAreRefused() {
        Path junit = tmp.resolve("v.xml");
        for (String[] bad : List.of(new String[] {"--min-agreement", "1.5"}, new String[] {"--min-sqnr", "loud"},
                new String[] {"--min-sqnr", "nosuchlayer=20"}, new String[] {"--min-sqnr", "10", "--min-sqnr", "20"},
                new String[] {"--max-drop", "-1"})) {
            CliRun r = validate(junit, bad);
            assertEquals(ExitCode.BAD_INPUT, r.code(), String.join(" ", bad) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliRun unknown = validate(junit, "--min-sqnr", "nosuchlayer=20");
        assertTrue(unknown.err().contains("'nosuchlayer'=…: no such layer (layers: "), unknown.err());
    }
}
