package dev.convoy.engine;

import dev.convoy.Convoy;
import dev.convoy.quant.QuantOptions;
import java.time.Instant;
import java.util.Collections;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What made a result, stamped into every JSON report and the JUnit XML so a figure can be traced back:
 * which Convoy, which model file (by SHA-256), which device and driver, which simulated hardware, every
 * quantization option, which Java, and when.
 *
 * @param convoyVersion the library version
 * @param model         the model's file (or name)
 * @param modelSha256   SHA-256 of the model file, lower-case hex, or null for a model built in code
 * @param device        the device it ran on (name), or null when nothing ran
 * @param driver        the OpenCL platform, C version and driver, or null off OpenCL
 * @param hardware      the simulated accelerator (preset or file), or null
 * @param quantization  every quantization option (scheme, requant, method, calibration images, per-layer
 *                      methods, rounding, overflow), empty for fp32
 * @param java          Java runtime version and vendor
 * @param os            operating system and architecture
 * @param date          when the report was made, UTC, ISO-8601 to the second
 */
public record Provenance(String convoyVersion, String model, String modelSha256, String device, String driver, String hardware,
                         Map<String, String> quantization, String java, String os, String date) {
    /** Copies the map. */
    public Provenance {
        quantization = Collections.unmodifiableMap(new LinkedHashMap<>(quantization));
    }

    /**
     * @param model    the model
     * @param engine   the engine that ran it, or null (plan, simulate: nothing ran on a device)
     * @param quant    the quantization options, or null (fp32, or taken from the engine's quantized model)
     * @param hardware the simulated accelerator, or null (taken from the engine where it has one)
     * @return the provenance, dated now
     */
    /**
     * @param network  a built-in network's name (e.g. {@code net:resnet50})
     * @param hardware the simulated hardware
     * @return the provenance of a simulation of layer shapes alone
     */
    public static Provenance ofShapes(String network, String hardware) {
        return new Provenance(Convoy.VERSION, network, "built-in layer shapes (no weights)", null, null, hardware, null,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * @param model    the model
     * @param engine   the engine that ran it, or null
     * @param quant    how it was quantized, or null
     * @param hardware the simulated hardware, or null
     * @return the provenance
     */
    public static Provenance of(Model model, Engine engine, QuantOptions quant, String hardware) {
        Map<String, String> e = engine == null ? Map.of() : engine.provenance();
        QuantOptions q = quant;
        if (q == null && engine instanceof IntegerEngine ie) {
            q = ie.backend().model().options();
        }
        if (q == null && model.quantized() != null) {
            q = model.quantized().options();
        }
        return new Provenance(Convoy.VERSION, model.label(), model.sha256(), e.get("device"), e.get("driver"),
                hardware != null ? hardware : e.get("hardware"), describe(q),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * @param q quantization options, or null
     * @return each option by name, empty for null
     */
    public static Map<String, String> describe(QuantOptions q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q == null) {
            return m;
        }
        m.put("scheme", q.scheme().toString());
        m.put("requant", q.requant().toString());
        m.put("method", q.method().spec());
        m.put("calibration_images", Integer.toString(q.calibImages()));
        new TreeMap<>(q.overrides()).forEach((node, method) -> m.put("layer_method " + node, method.spec()));
        m.put("rounding", q.rounding().toString());
        m.put("overflow", q.overflow().toString());
        return m;
    }

    /** @return the fields as name → value, in a fixed order (for XML properties); nulls left out */
    public Map<String, String> asProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "convoy.version", convoyVersion);
        put(m, "model", model);
        put(m, "model.sha256", modelSha256);
        put(m, "device", device);
        put(m, "driver", driver);
        put(m, "hardware", hardware);
        quantization.forEach((k, v) -> m.put("quantization." + k, v));
        put(m, "java", java);
        put(m, "os", os);
        put(m, "date", date);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
