package dev.convoy.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.io.SafeYaml;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Preprocessing as a user gives it: any of the settings, the rest left to a later source or to the defaults.
 * Settings come from, in increasing precedence, what a quantized model stores in its metadata
 * ({@link #METADATA_KEY}), a YAML file ({@code --preprocess FILE.yaml}) and the command-line flags;
 * {@link #resolve(int)} fills what none of them gives from the model's input channels.
 *
 * <p>The YAML keys are {@code color} (rgb|bgr|gray), {@code resize} (N or WxH), {@code center_crop} (N or WxH),
 * {@code scale} (a number, or {@code 1/255}), {@code mean} and {@code std} (one number per channel, as a list) and
 * {@code layout} (nchw|nhwc); any other key is refused.
 *
 * @param color      colour, or null
 * @param resize     resize, or null
 * @param centerCrop centre crop, or null
 * @param scale      multiplier for 8-bit values, or null
 * @param mean       per-channel mean, or null
 * @param std        per-channel std, or null
 * @param layout     layout, or null
 */
public record PreprocessingSettings(Preprocessing.Color color, Preprocessing.Size resize, Preprocessing.Size centerCrop, Float scale,
                                    float[] mean, float[] std, Preprocessing.Layout layout) {
    /** The ONNX metadata_props key a quantized model keeps its preprocessing under (the YAML text). */
    public static final String METADATA_KEY = "convoy.preprocessing";
    /** Largest preprocessing file read, bytes. */
    public static final int MAX_FILE_BYTES = 16 * 1024;
    /** Nothing set. */
    public static final PreprocessingSettings NONE = new PreprocessingSettings(null, null, null, null, null, null, null);
    private static final Set<String> KEYS = Set.of("color", "resize", "center_crop", "scale", "mean", "std", "layout");

    /** Copies the arrays. */
    public PreprocessingSettings {
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
    }

    /**
     * @param p a complete preprocessing
     * @return it with every setting set
     */
    public static PreprocessingSettings of(Preprocessing p) {
        return new PreprocessingSettings(p.color(), p.resize(), p.centerCrop(), p.scale(), p.mean().length == 0 ? null : p.mean(),
                p.std().length == 0 ? null : p.std(), p.layout());
    }

    /** @return whether nothing is set */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * @param later settings that take precedence
     * @return each setting from {@code later} where it has one, else from this
     */
    public PreprocessingSettings overriddenBy(PreprocessingSettings later) {
        return new PreprocessingSettings(later.color != null ? later.color : color, later.resize != null ? later.resize : resize,
                later.centerCrop != null ? later.centerCrop : centerCrop, later.scale != null ? later.scale : scale,
                later.mean != null ? later.mean : mean, later.std != null ? later.std : std, later.layout != null ? later.layout : layout);
    }

    /**
     * @param modelChannels the model's input channels (1 → gray, else rgb, when no colour is set)
     * @return the preprocessing: unset settings are none (resize, crop, mean, std), 1/255 (scale) or NCHW (layout)
     * @throws BadInputException when mean or std do not have one value per channel
     */
    public Preprocessing resolve(int modelChannels) {
        Preprocessing.Color c = color != null ? color : modelChannels == 1 ? Preprocessing.Color.GRAY : Preprocessing.Color.RGB;
        return new Preprocessing(c, resize, centerCrop, scale == null ? 1f / 255 : scale, mean, std,
                layout == null ? Preprocessing.Layout.NCHW : layout);
    }

    /**
     * @param file a YAML file of the keys above
     * @return its settings
     * @throws BadInputException one line naming the file and key
     */
    public static PreprocessingSettings read(Path file) {
        return of(SafeYaml.readTree(file, MAX_FILE_BYTES, "a preprocessing file"), file.toString());
    }

    /**
     * @param yaml  a YAML document of the keys above (e.g. a model's {@link #METADATA_KEY})
     * @param label where it came from, for messages
     * @return its settings
     * @throws BadInputException one line naming the label and key
     */
    public static PreprocessingSettings parse(String yaml, String label) {
        return of(SafeYaml.readTree(yaml, label, MAX_FILE_BYTES, "a preprocessing file"), label);
    }

    private static PreprocessingSettings of(JsonNode root, String label) {
        if (root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        if (!root.isObject()) {
            throw new BadInputException(label + ": not a preprocessing file (expected keys " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new BadInputException(label + ": unknown key " + Printable.name(k) + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        try {
            return new PreprocessingSettings(choice(root, "color", Preprocessing.Color.class), size(root, "resize"), size(root, "center_crop"),
                    scale(root), floats(root, "mean"), floats(root, "std"), choice(root, "layout", Preprocessing.Layout.class));
        } catch (BadInputException e) {
            throw new BadInputException(label + ": " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E choice(JsonNode root, String key, Class<E> type) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (n.isTextual() && e.name().equalsIgnoreCase(n.asText().trim())) {
                return e;
            }
        }
        throw new BadInputException(key + ": " + Printable.name(n.asText()) + " is not one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    private static Preprocessing.Size size(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode() || n.isBoolean()) {
            throw new BadInputException(key + ": expected N or WxH");
        }
        return Preprocessing.Size.parse(n.asText(), key);
    }

    private static Float scale(JsonNode root) {
        JsonNode n = root.get("scale");
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.floatValue();
        }
        String t = n.asText().trim();
        if (n.isTextual() && t.matches("1\\s*/\\s*255(\\.0*)?")) {
            return 1f / 255;
        }
        throw new BadInputException("scale: " + Printable.name(t) + " is not a number or 1/255");
    }

    private static float[] floats(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return new float[] {n.floatValue()};
        }
        if (!n.isArray() || n.size() == 0 || n.size() > 4) {
            throw new BadInputException(key + ": expected a list of one number per channel, e.g. [0.485, 0.456, 0.406]");
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (!n.get(i).isNumber() || !Float.isFinite(n.get(i).floatValue())) {
                throw new BadInputException(key + "[" + i + "]: not a finite number");
            }
            v[i] = n.get(i).floatValue();
        }
        return v;
    }

    /**
     * @return the settings as the YAML document {@link #read} and {@link #parse} accept (set keys only); floats are
     *         written with as many digits as identify them, so reading it back gives the same settings
     */
    public String toYaml() {
        StringBuilder b = new StringBuilder();
        if (color != null) {
            b.append("color: ").append(color.name().toLowerCase(Locale.ROOT)).append('\n');
        }
        if (resize != null) {
            b.append("resize: ").append(describe(resize)).append('\n');
        }
        if (centerCrop != null) {
            b.append("center_crop: ").append(describe(centerCrop)).append('\n');
        }
        if (scale != null) {
            b.append("scale: ").append(scale == 1f / 255 ? "1/255" : Float.toString(scale)).append('\n');
        }
        if (mean != null) {
            b.append("mean: ").append(list(mean)).append('\n');
        }
        if (std != null) {
            b.append("std: ").append(list(std)).append('\n');
        }
        if (layout != null) {
            b.append("layout: ").append(layout.name().toLowerCase(Locale.ROOT)).append('\n');
        }
        return b.toString();
    }

    private static String describe(Preprocessing.Size s) {
        return s.shorterSide() ? Integer.toString(s.width()) : s.width() + "x" + s.height();
    }

    private static String list(float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Float.toString(v[i]));
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessingSettings p && color == p.color && java.util.Objects.equals(resize, p.resize)
                && java.util.Objects.equals(centerCrop, p.centerCrop) && java.util.Objects.equals(scale, p.scale)
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std) && layout == p.layout;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(color, resize, centerCrop, scale, Arrays.hashCode(mean), Arrays.hashCode(std), layout);
    }

    @Override
    public String toString() {
        return toYaml().strip().replace('\n', ' ');
    }
}
