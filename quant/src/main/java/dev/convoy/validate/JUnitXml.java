package dev.convoy.validate;

import dev.convoy.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a validation as JUnit XML (the Surefire/Ant schema CI systems display): one test case for the
 * accuracy gate, failing when the drop exceeds the threshold, and one per layer carrying its SQNR.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    /**
     * @param file    where to write
     * @param r       the validation
     * @param maxDrop the gate, in points
     * @param provenance what made the report (version, model hash, device, options...), written as properties
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, ValidationReport r, double maxDrop, Map<String, String> provenance) throws IOException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int failures = r.passes(maxDrop) ? 0 : 1;
        b.append(String.format(Locale.ROOT, "<testsuite name=\"convoy.validate.%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\">%n",
                esc(r.model()), 1 + r.layers().size(), failures));
        b.append("  <properties>\n");
        prop(b, "quantization", r.quantization());
        prop(b, "images", Integer.toString(r.images()));
        prop(b, "top1_reference", Double.toString(r.top1Reference()));
        prop(b, "top1_quantized", Double.toString(r.top1Quantized()));
        prop(b, "agreement", Double.toString(r.agreement()));
        provenance.forEach((k, v) -> prop(b, k, v));
        b.append("  </properties>\n");
        b.append(String.format(Locale.ROOT, "  <testcase classname=\"accuracy\" name=\"top1 drop %.2f points &lt;= %.2f\">%n", r.dropPoints(), maxDrop));
        if (failures > 0) {
            b.append(String.format(Locale.ROOT, "    <failure message=\"top-1 dropped %.2f points (fp32 %.2f%%, quantized %.2f%%), more than %.2f\"/>%n",
                    r.dropPoints(), 100 * r.top1Reference(), 100 * r.top1Quantized(), maxDrop));
        }
        b.append("  </testcase>\n");
        for (LayerError l : r.layers()) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"layers\" name=\"%s\">%n", esc(l.name())));
            b.append(String.format(Locale.ROOT, "    <system-out>%s %s: SQNR %.2f dB, max |err| %.6g</system-out>%n",
                    esc(l.op()), esc(l.format()), l.sqnrDb(), l.maxAbsError()));
            b.append("  </testcase>\n");
        }
        b.append("</testsuite>\n");
        AtomicFile.writeString(file, b.toString());
    }

    private static void prop(StringBuilder b, String name, String value) {
        b.append("    <property name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
