package dev.convoy.hw;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.convoy.Printable;
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
 * inline systolic spec {@code systolic:ROWSxCOLS:os|ws|is[:sram=KB][:bw=WORDS]}. Errors name the file and field.
 */
public final class HardwareConfigs {
    /** Presets shipped with Convoy, by name. */
    public static final List<String> PRESETS = List.of("zhang15-vc707", "pipecnn-de1soc", "pipecnn-de5net", "pipecnn-de5anet",
            "vta-16x16", "scalesim-32x32-ws");
    private static final Pattern SYSTOLIC = Pattern.compile("systolic:(\\d{1,9})x(\\d{1,9}):(os|ws|is)(?::sram=(\\d{1,9}))?(?::bw=(\\d{1,9}))?",
            Pattern.CASE_INSENSITIVE);
    /** Largest hardware description read, bytes: a real one is a few hundred; a bigger file is not one. */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    private static final ObjectMapper YAML = com.fasterxml.jackson.databind.json.JsonMapper.builder(yamlFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // lanes: 8.5 is a mistake, not 8
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a key given twice is a mistake, not "the last one wins"
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private static YAMLFactory yamlFactory() {
        return dev.convoy.io.SafeYaml.factory(MAX_FILE_BYTES);
    }

    private HardwareConfigs() {
    }

    /**
     * @param spec a preset name, a .yaml path, or {@code systolic:ROWSxCOLS:DATAFLOW[:sram=KB][:bw=WORDS]} (bw: SCALE-Sim's
     *             user interface bandwidth, words per cycle; without it the array is costed stall-free)
     * @return the configuration
     * @throws HardwareConfigException naming the file and field at fault
     */
    public static HardwareConfig load(String spec) {
        Matcher m = SYSTOLIC.matcher(spec.trim());
        if (m.matches()) {
            return systolic(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Dataflow.valueOf(m.group(3).toUpperCase(Locale.ROOT)), m.group(4) == null ? 64 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? null : Integer.parseInt(m.group(5)));
        }
        if (spec.toLowerCase(Locale.ROOT).startsWith("systolic:")) {
            throw new HardwareConfigException(Printable.name(spec) + ": expected systolic:ROWSxCOLS:os|ws|is[:sram=KB][:bw=WORDS]"
                    + " (ROWS, COLS in [1, " + TiledArray.MAX_SIDE + "], KB in [1, " + (Buffers.MAX_BYTES / 1024) + "], WORDS per cycle in [1, "
                    + SystolicArray.MAX_INTERFACE_BANDWIDTH + "])");
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
            throw new HardwareConfigException(Printable.name(spec) + ": not a preset (" + String.join(", ", PRESETS)
                    + "), a systolic:ROWSxCOLS:DATAFLOW spec, or an existing YAML file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new HardwareConfigException(file + ": " + size + " bytes is not a hardware description (at most "
                        + MAX_FILE_BYTES + " bytes)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            }
        } catch (IOException e) {
            throw new HardwareConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
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
        return systolic(rows, cols, dataflow, sramKb, null);
    }

    /**
     * A systolic array with SCALE-Sim's memory defaults, optionally in its user-bandwidth mode.
     *
     * @param rows      PE rows
     * @param cols      PE columns
     * @param dataflow  os, ws or is
     * @param sramKb    each of the three SRAMs, KiB
     * @param bandwidth words per cycle on each SRAM's DRAM interface, or null for the stall-free model
     * @return the configuration (1 GHz notional clock, word = 1 byte; DRAM 10 words/cycle, or the given bandwidth)
     */
    public static HardwareConfig systolic(int rows, int cols, Dataflow dataflow, int sramKb, Integer bandwidth) {
        try {
            Check.within("sram", sramKb, 1, Buffers.MAX_BYTES / 1024);
            long bytes = sramKb * 1024L;
            String name = "systolic-" + rows + "x" + cols + "-" + dataflow.name().toLowerCase(Locale.ROOT) + (bandwidth == null ? "" : "-bw" + bandwidth);
            return new HardwareConfig(name, "systolic", 1000, 1, null, new SystolicArray(rows, cols, dataflow, bandwidth),
                    new Buffers(bytes, bytes, bytes, true), new Dram(bandwidth == null ? 10 : bandwidth, 0, 1),
                    "SCALE-Sim v2 defaults: " + sramKb + " KiB SRAMs, notional 1 GHz clock"
                            + (bandwidth == null ? "" : ", user interface bandwidth " + bandwidth + " words/cycle"));
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
            // read at most one byte past the cap: SnakeYAML scans a long scalar in quadratic time before its
            // own code-point limit applies, so a big stream is refused before it reaches the parser
            byte[] text = in.readNBytes(MAX_FILE_BYTES + 1);
            if (text.length > MAX_FILE_BYTES) {
                throw new HardwareConfigException(label + ": more than " + MAX_FILE_BYTES + " bytes is not a hardware description");
            }
            HardwareConfig c = YAML.readValue(text, HardwareConfig.class);
            if (c == null) {
                throw new HardwareConfigException(label + ": empty hardware description");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            String full = path(e);
            String where = full.contains(".") ? full.substring(0, full.lastIndexOf('.')) : "";
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new HardwareConfigException(label + ": unknown key " + Printable.name(e.getPropertyName())
                    + (where.isEmpty() ? "" : " in " + where) + " (known: " + known + ")", e);
        } catch (JsonMappingException e) {
            throw new HardwareConfigException(label + ": " + explain(e), e);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new HardwareConfigException(label + ": " + parseProblem(e), e);
        } catch (IOException e) {
            // SnakeYAML's limits (document size, nesting, aliases) and read failures
            throw new HardwareConfigException(label + ": not a hardware description (" + e.getClass().getSimpleName()
                    + location(e) + "; at most " + MAX_FILE_BYTES + " bytes, no aliases, nesting ≤ 16)", e);
        } catch (HardwareConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // SnakeYAML reports some limits (code points, aliases) as its own unchecked exceptions
            throw new HardwareConfigException(label + ": not a hardware description (" + e.getClass().getSimpleName()
                    + "; at most " + MAX_FILE_BYTES + " bytes, no aliases, nesting ≤ 16)", e);
        }
    }

    /**
     * Duplicate keys, SnakeYAML's limits and syntax errors. The parser's own text can quote the file, so only
     * the kind of problem and its location are shown.
     */
    private static String parseProblem(com.fasterxml.jackson.core.JsonParseException e) {
        String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n")[0];
        if (problem.startsWith("Duplicate field")) {
            return "key " + Printable.name(problem.replaceAll("^Duplicate field '(.*)'$", "$1")) + " given twice" + location(e);
        }
        if (problem.contains("exceeds the limit") || problem.contains("Nesting depth") || problem.contains("aliases")) {
            return "not a hardware description (over the limits: " + MAX_FILE_BYTES + " characters, nesting 16, no aliases)";
        }
        return "not valid YAML" + location(e);
    }

    /** One line for a mapping error, never quoting the file beyond a field name or a short scalar. */
    private static String explain(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = path(e);
        String msg;
        if (root instanceof com.fasterxml.jackson.core.JsonParseException p) {
            return parseProblem(p);
        } else if (root instanceof NumberFormatException) {
            msg = "is not a number";
        } else if (root instanceof IllegalArgumentException) {
            msg = root.getMessage(); // our own record checks: field, range, value
        } else if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
            String value = String.valueOf(f.getValue());
            boolean number = f.getValue() instanceof Number;
            msg = (number ? value : Printable.name(value)) + " is not " + article(f.getTargetType());
        } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && where.isEmpty()) {
            msg = "not a hardware description (the document is not a mapping of keys to values)";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot map `null`")) {
            msg = "is required";
        } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            msg = "expected " + article(m.getTargetType());
        } else {
            msg = "cannot be read as a hardware description (" + e.getClass().getSimpleName() + ")";
        }
        String prefix = where.isEmpty() || msg.startsWith(where) ? "" : Printable.line(where) + (msg.startsWith("is ") ? " " : ": ");
        return prefix + msg + (where.isEmpty() ? location(e) : "");
    }

    private static String article(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "a " + (type == String.class ? "string" : "mapping");
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String location(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? location(j) : "";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? Printable.line(r.getFieldName()) : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
