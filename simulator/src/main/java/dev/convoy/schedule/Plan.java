package dev.convoy.schedule;

import dev.convoy.report.Table;
import java.util.List;
import java.util.Locale;

/**
 * A network's mapping onto one hardware configuration: a {@link LayerPlan} per convolution-like layer.
 *
 * @param model    model name
 * @param hardware hardware name
 * @param clockMhz the hardware clock, MHz
 * @param layers   per-layer plans in execution order
 */
public record Plan(String model, String hardware, double clockMhz, List<LayerPlan> layers) {
    /** Copies the list. */
    public Plan {
        layers = List.copyOf(layers);
    }

    /** @return the table {@code convoy plan} prints */
    public String toText() {
        Table t = new Table("layer", "op", "N>M", "RxC", "K", "tiles Tm x Tn x Tr x Tc", "in KiB", "w KiB", "out KiB",
                "compute cycles", "roof GOP/s", "CTC op/B", "attainable GOP/s", "bound");
        for (LayerPlan p : layers) {
            ConvLayer l = p.layer();
            t.row(l.name(), l.op(), l.n() * l.groups() + ">" + l.m() * l.groups(), l.r() + "x" + l.c(), l.kh() + "x" + l.kw(),
                    p.tiling(), kib(p.inputBytes()), kib(p.weightBytes()), kib(p.outputBytes()), Table.count(p.computeCycles()),
                    fmt(p.computeRoofGops()), fmt(p.ctc()), fmt(p.attainableGops()), p.bound().name().toLowerCase(Locale.ROOT));
        }
        return "plan of " + model + " on " + hardware + "\n" + t.render();
    }

    private static String kib(long b) {
        return String.format(Locale.ROOT, "%.1f", b / 1024.0);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
