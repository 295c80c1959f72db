package dev.convoy.validate;

import dev.convoy.BadInputException;
import dev.convoy.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a quantized model must meet to pass validation: a largest top-1 drop, a smallest argmax agreement with the
 * fp32 model, and smallest per-layer SQNRs (one for every layer and/or one per named layer).
 *
 * @param maxDropPoints  largest acceptable top-1 drop, in percentage points
 * @param minAgreement   smallest acceptable fraction of images where both models predict the same class, or null
 * @param minSqnrDb      smallest acceptable SQNR of every layer, in dB, or null
 * @param minSqnrByLayer smallest acceptable SQNR of named layers, in dB (these replace {@code minSqnrDb} for them)
 */
public record Gates(double maxDropPoints, Double minAgreement, Double minSqnrDb, Map<String, Double> minSqnrByLayer) {
    /** Checks the ranges. */
    public Gates {
        if (!(maxDropPoints >= 0) || Double.isInfinite(maxDropPoints)) {
            throw new BadInputException("--max-drop must be a non-negative number of points, got " + maxDropPoints);
        }
        if (minAgreement != null && !(minAgreement >= 0 && minAgreement <= 1)) {
            throw new BadInputException("--min-agreement must be a fraction in [0, 1], got " + minAgreement);
        }
        minSqnrByLayer = Map.copyOf(minSqnrByLayer);
        List<Double> thresholds = new ArrayList<>(minSqnrByLayer.values());
        thresholds.add(minSqnrDb);
        for (Double d : thresholds) {
            if (d != null && !Double.isFinite(d)) {
                throw new BadInputException("--min-sqnr must be a finite number of dB, got " + d);
            }
        }
    }

    /**
     * @param maxDropPoints the largest acceptable top-1 drop
     * @return only that gate
     */
    public static Gates maxDrop(double maxDropPoints) {
        return new Gates(maxDropPoints, null, null, Map.of());
    }

    /**
     * @param maxDropPoints the top-1 gate
     * @param minAgreement  the agreement gate, or null
     * @param minSqnr       {@code --min-sqnr} values: {@code DB} (every layer) or {@code NODE=DB}, in any number
     * @return the gates
     * @throws BadInputException for a value that is neither form, or two values for one layer
     */
    public static Gates parse(double maxDropPoints, Double minAgreement, List<String> minSqnr) {
        Double all = null;
        Map<String, Double> byLayer = new LinkedHashMap<>();
        for (String s : minSqnr) {
            int eq = s.lastIndexOf('=');
            String node = eq < 0 ? null : s.substring(0, eq).trim();
            String db = (eq < 0 ? s : s.substring(eq + 1)).trim();
            double v;
            try {
                v = Double.parseDouble(db);
            } catch (NumberFormatException e) {
                throw new BadInputException("--min-sqnr " + Printable.name(s) + ": expected DB or NODE=DB");
            }
            if (node == null) {
                if (all != null) {
                    throw new BadInputException("--min-sqnr " + s + ": the all-layer threshold is given twice");
                }
                all = v;
            } else if (node.isEmpty() || byLayer.put(node, v) != null) {
                throw new BadInputException("--min-sqnr " + Printable.name(s) + (node.isEmpty() ? ": expected DB or NODE=DB"
                        : ": layer " + Printable.name(node) + " is given twice"));
            }
        }
        return new Gates(maxDropPoints, minAgreement, all, byLayer);
    }

    /**
     * One gate judged on one report.
     *
     * @param name    a stable name (no measured numbers): {@code top1_drop}, {@code agreement} or the layer's name
     * @param passed  whether the report meets it
     * @param message what was measured and what was required, one line
     * @param layer   the layer judged, or null for the model-level gates
     */
    public record Verdict(String name, boolean passed, String message, LayerError layer) {
    }

    /**
     * @param r a validation
     * @return the model-level verdicts (top-1 drop; agreement when gated), then one per layer (failing only
     *         below its SQNR gate)
     * @throws BadInputException when a {@code NODE=DB} names a layer the model does not have
     */
    public List<Verdict> judge(ValidationReport r) {
        requireKnownLayers(r.layers().stream().map(LayerError::name).toList());
        return verdicts(r);
    }

    /**
     * Checks every {@code NODE=DB} against the layers a validation will report, before it runs.
     *
     * @param names the layer names: the quantized input and every integer layer
     * @throws BadInputException naming the unknown layer and listing the known ones
     */
    public void requireKnownLayers(List<String> names) {
        for (String node : minSqnrByLayer.keySet()) {
            if (!names.contains(node)) {
                throw new BadInputException("--min-sqnr " + Printable.name(node) + "=…: no such layer (layers: "
                        + Printable.name(String.join(", ", names)) + ")");
            }
        }
    }

    private List<Verdict> verdicts(ValidationReport r) {
        List<Verdict> v = new ArrayList<>();
        boolean drop = r.dropPoints() <= maxDropPoints;
        v.add(new Verdict("top1_drop", drop, String.format(Locale.ROOT, "top-1 dropped %.2f points (fp32 %.2f%%, quantized %.2f%%), %s %.2f",
                r.dropPoints(), 100 * r.top1Reference(), 100 * r.top1Quantized(), drop ? "at most" : "more than", maxDropPoints), null));
        if (minAgreement != null) {
            boolean ok = r.agreement() >= minAgreement;
            v.add(new Verdict("agreement", ok, String.format(Locale.ROOT, "argmax agreement %.4f, %s %.4f", r.agreement(),
                    ok ? "at least" : "below", minAgreement), null));
        }
        for (LayerError l : r.layers()) {
            Double min = minSqnrByLayer.getOrDefault(l.name(), minSqnrDb);
            boolean ok = min == null || l.sqnrDb() >= min;
            String sqnr = Double.isInfinite(l.sqnrDb()) ? "inf" : String.format(Locale.ROOT, "%.2f", l.sqnrDb());
            v.add(new Verdict(l.name(), ok, String.format(Locale.ROOT, "%s %s: SQNR %s dB%s, max |err| %.6g", l.op(), l.format(), sqnr,
                    min == null ? "" : String.format(Locale.ROOT, " %s %.2f dB", ok ? ">=" : "<", min), l.maxAbsError()), l));
        }
        return v;
    }
}
