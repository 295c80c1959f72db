package dev.convoy.quant;

import dev.convoy.graph.Node;
import dev.convoy.graph.Value;
import dev.convoy.report.LayerSummary;
import dev.convoy.report.ModelSummary;
import dev.convoy.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary of a quantized model, in the same table as an fp32 one: the fp32 prelude's nodes, then one row
 * per integer layer (its operator and output format; parameters and multiply-accumulates of the integer
 * convolutions), then the fp32 epilogue. Receptive fields and the weight-sharing comparison are the fp32
 * model's to give ({@code convoy summary} of the fp32 file); here they are left blank.
 */
public final class QuantizedSummary {
    private QuantizedSummary() {
    }

    /**
     * @param q a quantized model
     * @return its summary
     */
    public static ModelSummary of(QuantizedModel q) {
        List<LayerSummary> rows = new ArrayList<>();
        long params = 0, macs = 0;
        for (Node n : q.prelude().nodes()) {
            Value out = q.prelude().value(n.output());
            rows.add(new LayerSummary(n.name(), n.op().type() + " (fp32)", out.describe(), n.op().parameters(),
                    n.op().macs(q.prelude().inputsOf(n), out.shape()), "", 0, 0));
            params += n.op().parameters();
            macs += n.op().macs(q.prelude().inputsOf(n), out.shape());
        }
        for (QNode n : q.layers()) {
            Shape out = q.shapes().get(n.output());
            long p = 0, m = 0;
            if (n.layer() instanceof QLayer.QConv c) {
                p = c.weight().length + c.bias().length;
                m = (long) out.size() * c.taps();
            }
            ActQuant f = q.formats().get(n.output());
            String format = f == null ? "" : " " + (f.fixed() != null ? "Q(" + f.fixed().width() + "," + f.fixed().frac() + ")"
                    : q.options().scheme().toString());
            rows.add(new LayerSummary(n.name(), n.layer().type() + format, new Value(n.output(), out, true).describe(), p, m, "", 0, 0));
            params += p;
            macs += m;
        }
        for (Node n : q.epilogue().nodes()) {
            Value out = q.epilogue().value(n.output());
            rows.add(new LayerSummary(n.name(), n.op().type() + " (fp32)", out.describe(), n.op().parameters(),
                    n.op().macs(q.epilogue().inputsOf(n), out.shape()), "", 0, 0));
            params += n.op().parameters();
            macs += n.op().macs(q.epilogue().inputsOf(n), out.shape());
        }
        return new ModelSummary(q.name() + " (" + q.options().describe() + ")", q.prelude().inputs().get(0).describe(), List.copyOf(rows),
                params, macs, 0, 0);
    }
}
