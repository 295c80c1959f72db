package dev.convoy.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header row; numeric-looking cells are right-aligned. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header column titles, units included, e.g. "MACs" */
    public Table(String... header) {
        this.header = List.of(header);
    }

    /**
     * @param cells one value per column
     * @return this table
     */
    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells for " + header.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    /** @return the table, columns padded, one line per row */
    public String render() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, w);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        b.append(rule).append('\n');
        for (List<String> r : rows) {
            line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean numeric = c.matches("[-+0-9.,%e]+( ?[a-zA-Z/%]+)?") && !c.isEmpty() && Character.isDigit(c.charAt(0));
            l.append(i == 0 ? "" : "  ");
            l.append(numeric ? " ".repeat(w[i] - c.length()) + c : c + " ".repeat(w[i] - c.length()));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    /**
     * @param n a count
     * @return n with thousands separators, e.g. 34,944
     */
    public static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
