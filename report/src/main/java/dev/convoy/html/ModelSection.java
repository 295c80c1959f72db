package dev.convoy.html;

import dev.convoy.chart.GraphDrawing;
import dev.convoy.graph.Graph;
import dev.convoy.report.LayerSummary;
import dev.convoy.report.ModelSummary;
import java.util.ArrayList;
import java.util.List;

/** Section 1: the summary table (weight sharing in numbers) and a drawing of the graph. */
final class ModelSection {
    private ModelSection() {
    }

    static String html(Graph imported, Graph optimized) {
        ModelSummary s = ModelSummary.of(imported);
        List<List<String>> rows = new ArrayList<>();
        for (LayerSummary l : s.layers()) {
            rows.add(List.of(l.name(), l.op(), l.outputShape(), count(l.parameters()), count(l.macs()), l.receptiveField(),
                    l.locallyConnectedParameters() == 0 ? "" : count(l.locallyConnectedParameters()),
                    l.fullyConnectedParameters() == 0 ? "" : count(l.fullyConnectedParameters())));
        }
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"note\">Input ").append(Html.esc(s.input())).append(": ").append(count(s.totalParameters()))
                .append(" parameters, ").append(count(s.totalMacs())).append(" multiply-accumulates per image. Weight sharing: the")
                .append(" convolutions would need ").append(count(s.totalLocallyConnected())).append(" parameters as locally-connected")
                .append(" layers (a kernel per output position) and ").append(count(s.totalFullyConnected()))
                .append(" as fully-connected ones.</p>\n");
        b.append(Html.table(List.of("layer", "op", "output", "parameters", "MACs", "receptive field", "if locally connected",
                "if fully connected"), rows));
        b.append("<h3>Graph</h3><p class=\"note\">After the standard passes (batch norms folded, activations fused), input at the top;")
                .append(" red curves are edges that skip layers (residual and dense connections). Hover a box for its full name.</p>\n");
        b.append("<div class=\"graph-box\">").append(GraphDrawing.svg(optimized)).append("</div>\n");
        return b.toString();
    }

    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
