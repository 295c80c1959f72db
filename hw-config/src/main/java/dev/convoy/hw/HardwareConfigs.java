package dev.convoy.hw;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads hardware descriptions: a preset name (a YAML file shipped in {@code boards/}), a YAML file, or an
 * inline systolic spec {@code systolic:ROWSxCOLS:os|ws|is[:sram=KB]}. Errors name the file and field.
 */
public final class HardwareConfigs {
    /** Presets shipped with Convoy, by name. */
    public static final List<String> PRESETS = List.of("zhang15-vc707", "pipecnn-de1soc", "pipecnn-de5net", "pipecnn-de5anet",
            "vta-16x16", "scalesim-32x32-ws");
    private static final Pattern SYSTOLIC = Pattern.compile("systolic:(\\d+)x(\\d+):(os|ws|is)(?::sram=(\\d+))?", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper YAML = com.fasterxml.jackson.databind.json.JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private HardwareConfigs() {
    }

    /**
     * @param spec a preset name, a .yaml path, or {@code systolic:ROWSxCOLS:DATAFLOW[:sram=KB]}
     * @return the configuration
     * @throws HardwareConfigException naming the file and field at fault
     */
    public static HardwareConfig load(String spec) {
        Matcher m = SYSTOLIC.matcher(spec.trim());
        if (m.matches()) {
            return systolic(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Dataflow.valueOf(m.group(3).toUpperCase(Locale.ROOT)), m.group(4) == null ? 64 : Integer.parseInt(m.group(4)));
        }
        if (spec.toLowerCase(Locale.ROOT).startsWith("systolic:")) {
            throw new HardwareConfigException(spec + ": expected systolic:ROWSxCOLS:os|ws|is[:sram=KB]");
        }
        if (PRESETS.contains(spec)) {
            try (InputStream in = HardwareConfigs.class.getResourceAsStream("boards/" + spec + ".yaml")) {
                return parse(in, "preset " + spec);
            } catch (IOException e) {
                throw new HardwareConfigException("preset " + spec + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new HardwareConfigException(spec + ": not a preset (" + String.join(", ", PRESETS)
                    + "), a systolic:ROWSxCOLS:DATAFLOW spec, or an existing YAML file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new HardwareConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A systolic array with SCALE-Sim's memory defaults.
     *
     * @param rows     PE rows
     * @param cols     PE columns
     * @param dataflow os, ws or is
     * @param sramKb   each of the three SRAMs, KiB
     * @return the configuration (1 GHz notional clock, word = 1 byte, 10 words/cycle DRAM)
     */
    public static HardwareConfig systolic(int rows, int cols, Dataflow dataflow, int sramKb) {
        try {
            long bytes = sramKb * 1024L;
            return new HardwareConfig("systolic-" + rows + "x" + cols + "-" + dataflow.name().toLowerCase(Locale.ROOT), "systolic",
                    1000, 1, null, new SystolicArray(rows, cols, dataflow), new Buffers(bytes, bytes, bytes, true),
                    new Dram(10, 0, 1), "SCALE-Sim v2 defaults: " + sramKb + " KiB SRAMs, notional 1 GHz clock");
        } catch (IllegalArgumentException e) {
            throw new HardwareConfigException("systolic spec: " + e.getMessage(), e);
        }
    }

    /**
     * @param in    YAML text
     * @param label file name (or preset) for messages
     * @return the configuration
     */
    public static HardwareConfig parse(InputStream in, String label) {
        try {
            HardwareConfig c = YAML.readValue(in, HardwareConfig.class);
            if (c == null) {
                throw new HardwareConfigException(label + ": empty hardware description");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            String full = path(e);
            String where = full.contains(".") ? full.substring(0, full.lastIndexOf('.')) : "";
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new HardwareConfigException(label + ": unknown key '" + e.getPropertyName() + "'"
                    + (where.isEmpty() ? "" : " in " + where) + " (known: " + known + ")", e);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String where = path(e);
            String msg;
            if (root instanceof IllegalArgumentException) {
                msg = root.getMessage();
            } else if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
                msg = "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
            } else if (e.getOriginalMessage().startsWith("Cannot map `null`")) {
                msg = "is required";
            } else if (where.isEmpty()) {
                msg = "not a hardware description (" + e.getOriginalMessage().split("\n")[0] + ")";
            } else {
                msg = e.getOriginalMessage().split("\n")[0];
            }
            String prefix = where.isEmpty() || msg.startsWith(where) ? "" : where + (msg.equals("is required") ? " " : ": ");
            throw new HardwareConfigException(label + ": " + prefix + msg, e);
        } catch (IOException e) {
            throw new HardwareConfigException(label + ": not valid YAML (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
