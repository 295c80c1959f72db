package dev.convoy.html;

import java.util.List;
import java.util.Locale;

/** Small HTML helpers: escaping, tables, figures. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            r.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>\n");
        }
        return b.append("</tbody></table></div>\n").toString();
    }

    /** A figure: a picture (already HTML) with a caption (plain text). */
    static String figure(String picture, String caption) {
        return "<figure>" + picture + "<figcaption>" + esc(caption) + "</figcaption></figure>\n";
    }

    /** @return the name, or its last {@code max − 1} characters after an ellipsis (node names share long prefixes) */
    static String shortName(String name, int max) {
        return name.length() > max ? "…" + name.substring(name.length() - max + 1) : name;
    }

    static String f(double v, int digits) {
        return Double.isNaN(v) ? "—" : Double.isInfinite(v) ? (v > 0 ? "∞" : "−∞") : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String g(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }
}
