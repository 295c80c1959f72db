package dev.convoy.validate;

import dev.convoy.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a validation as JUnit XML (the Surefire/Ant schema CI systems display): one test case per gate —
 * {@code accuracy.top1_drop}, {@code accuracy.agreement} when gated — and one per layer
 * ({@code layers.<node name>}), each failing on its own. Test case names are stable across runs (no measured
 * numbers in them); the figures go in each test case's {@code properties} (as pytest writes them) and its
 * {@code system-out}; {@code time} is seconds: the whole validation for the model-level cases, the layer's own
 * integer-run time for a layer.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    /**
     * @param file       where to write
     * @param r          the validation
     * @param gates      what it was judged against
     * @param seconds    wall time of the whole validation, in seconds
     * @param provenance what made the report (version, model hash, device, options...), written as properties
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, ValidationReport r, Gates gates, double seconds, Map<String, String> provenance) throws IOException {
        List<Gates.Verdict> verdicts = gates.judge(r);
        long failures = verdicts.stream().filter(v -> !v.passed()).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuite name=\"convoy.validate.%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                esc(r.model()), verdicts.size(), failures, seconds));
        b.append("  <properties>\n");
        prop(b, "quantization", r.quantization());
        prop(b, "images", Integer.toString(r.images()));
        prop(b, "top1_reference", Double.toString(r.top1Reference()));
        prop(b, "top1_quantized", Double.toString(r.top1Quantized()));
        prop(b, "agreement", Double.toString(r.agreement()));
        provenance.forEach((k, v) -> prop(b, k, v));
        b.append("  </properties>\n");
        for (Gates.Verdict v : verdicts) {
            LayerError l = v.layer();
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.6f\">%n", l == null ? "accuracy" : "layers",
                    esc(v.name()), l == null ? seconds : l.seconds()));
            b.append("    <properties>\n");
            if (l == null) {
                prop(b, "drop_points", Double.toString(r.dropPoints()), "      ");
                prop(b, "agreement", Double.toString(r.agreement()), "      ");
                prop(b, "max_drop_points", Double.toString(gates.maxDropPoints()), "      ");
                if (gates.minAgreement() != null) {
                    prop(b, "min_agreement", Double.toString(gates.minAgreement()), "      ");
                }
            } else {
                prop(b, "op", l.op(), "      ");
                prop(b, "format", l.format(), "      ");
                prop(b, "sqnr_db", Double.isInfinite(l.sqnrDb()) ? "inf" : Double.toString(l.sqnrDb()), "      ");
                prop(b, "max_abs_error", Double.toString(l.maxAbsError()), "      ");
                prop(b, "elements", Long.toString(l.elements()), "      ");
                Double min = gates.minSqnrByLayer().getOrDefault(l.name(), gates.minSqnrDb());
                if (min != null) {
                    prop(b, "min_sqnr_db", Double.toString(min), "      ");
                }
            }
            b.append("    </properties>\n");
            if (!v.passed()) {
                b.append("    <failure message=\"").append(esc(v.message())).append("\"/>\n");
            }
            b.append("    <system-out>").append(esc(v.message())).append("</system-out>\n");
            b.append("  </testcase>\n");
        }
        b.append("</testsuite>\n");
        AtomicFile.writeString(file, b.toString());
    }

    private static void prop(StringBuilder b, String name, String value) {
        prop(b, name, value, "    ");
    }

    private static void prop(StringBuilder b, String name, String value, String indent) {
        b.append(indent).append("<property name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 has no way to write most control characters, even escaped
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
