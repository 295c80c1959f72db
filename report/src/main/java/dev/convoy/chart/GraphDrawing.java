package dev.convoy.chart;

import dev.convoy.graph.Graph;
import dev.convoy.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a graph as SVG, top to bottom: each node in the row one below its deepest producer (the longest path
 * from the input), rows ordered by where their producers sit, and every edge a curve — an edge that skips
 * rows (a residual branch, a dense connection) bends out to the side, so it stays visible.
 */
public final class GraphDrawing {
    private static final int BOX_W = 150, BOX_H = 30, GAP_X = 24, GAP_Y = 26, MARGIN = 20;

    private GraphDrawing() {
    }

    /**
     * @param g a graph
     * @return an SVG element, one box per node (op type, name and output shape), the input on top
     */
    public static String svg(Graph g) {
        Map<String, Integer> producerOf = new HashMap<>();
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            producerOf.put(nodes.get(i).output(), i);
        }
        int n = nodes.size();
        int[] row = new int[n];
        List<List<Integer>> preds = new ArrayList<>();
        int rows = 1;
        for (int i = 0; i < n; i++) {
            List<Integer> p = new ArrayList<>();
            for (String in : nodes.get(i).inputs()) {
                Integer j = producerOf.get(in);
                if (j != null && j < i && !p.contains(j)) {
                    p.add(j);
                }
            }
            preds.add(p);
            int r = 1;
            for (int j : p) {
                r = Math.max(r, row[j] + 1);
            }
            row[i] = r;
            rows = Math.max(rows, r + 1);
        }
        // column order inside a row: by the mean column of the producers (one top-down sweep keeps branches apart)
        double[] col = new double[n];
        List<List<Integer>> byRow = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            byRow.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byRow.get(row[i]).add(i);
        }
        int widest = 1;
        for (int r = 1; r < rows; r++) {
            List<Integer> members = byRow.get(r);
            for (int i : members) {
                col[i] = preds.get(i).stream().mapToDouble(j -> col[j]).average().orElse(0);
            }
            members.sort((a, b) -> Double.compare(col[a], col[b]));
            for (int k = 0; k < members.size(); k++) {
                col[members.get(k)] = k - (members.size() - 1) / 2.0;
            }
            widest = Math.max(widest, members.size());
        }
        int width = 2 * MARGIN + widest * (BOX_W + GAP_X) + 2 * GAP_X;
        int height = 2 * MARGIN + rows * (BOX_H + GAP_Y);
        double centre = width / 2.0;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"10\">%n", width, height, width, height));
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#666\"/></marker></defs>\n");
        double inX = centre, inY = MARGIN + BOX_H / 2.0;
        for (int i = 0; i < n; i++) {
            double x = centre + col[i] * (BOX_W + GAP_X), y = MARGIN + row[i] * (BOX_H + GAP_Y) + BOX_H / 2.0;
            List<double[]> sources = new ArrayList<>();
            for (int j : preds.get(i)) {
                sources.add(new double[] {centre + col[j] * (BOX_W + GAP_X), MARGIN + row[j] * (BOX_H + GAP_Y) + BOX_H / 2.0, row[j]});
            }
            if (nodes.get(i).inputs().stream().anyMatch(v -> g.inputs().stream().anyMatch(in -> in.name().equals(v)))) {
                sources.add(new double[] {inX, inY, 0});
            }
            for (double[] s : sources) {
                double x0 = s[0], y0 = s[1] + BOX_H / 2.0, y1 = y - BOX_H / 2.0;
                boolean skip = row[i] - s[2] > 1;
                // a skipping edge bows out beside the boxes it passes, further the more rows it skips
                double bow = skip ? (BOX_W / 2.0 + 10 + 4 * (row[i] - s[2])) * (x0 >= centre ? 1 : -1) : 0;
                b.append(String.format(Locale.ROOT, "<path d=\"M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f\" fill=\"none\" stroke=\"%s\""
                                + " stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>%n", x0, y0, x0 + bow, y0 + GAP_Y * 1.5, x + bow,
                        y1 - GAP_Y * 1.5, x, y1, skip ? "#d62728" : "#666"));
            }
        }
        box(b, inX, inY, "input", g.inputs().get(0).name(), g.inputs().get(0).shape().toString(), "#e8e8e8");
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            double x = centre + col[i] * (BOX_W + GAP_X), y = MARGIN + row[i] * (BOX_H + GAP_Y) + BOX_H / 2.0;
            String op = node.op().type() + (node.op().activation() != null && node.op().fusesActivation()
                    && node.op().activation() != dev.convoy.graph.Activation.NONE ? "+" + node.op().activation().type() : "");
            box(b, x, y, op, node.name(), g.value(node.output()).shape().toString(), fill(node.op().type()));
        }
        return b.append("</svg>\n").toString();
    }

    private static String fill(String type) {
        return switch (type) {
            case "Conv", "ConvTranspose" -> "#cfe2f3";
            case "Dense", "Gemm", "MatMul" -> "#d9ead3";
            case "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool" -> "#fff2cc";
            case "Add", "Mul", "Sub", "Div", "Max", "Min", "Concat" -> "#f4cccc";
            default -> "#f3f3f3";
        };
    }

    private static void box(StringBuilder b, double cx, double cy, String op, String name, String shape, String fill) {
        String shortName = name.length() > 26 ? "…" + name.substring(name.length() - 25) : name;
        b.append(String.format(Locale.ROOT, "<g><title>%s — %s → %s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"4\""
                        + " fill=\"%s\" stroke=\"#555\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>"
                        + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">%s</text></g>%n", esc(name), esc(op), esc(shape),
                cx - BOX_W / 2.0, cy - BOX_H / 2.0, BOX_W, BOX_H, fill, cx, cy - 2, esc(op), cx, cy + 10, esc(shortName)));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
