package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.quant.CalibrationMethod;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How to quantize: calibration data and method, requantization mode, fixed-point rounding. */
public final class QuantOptionsMixin {
    @Option(names = "--calib", paramLabel = "PATH[:N]",
            description = "Calibration images: the first N of fashion-mnist (its training split), an IDX directory, a .npy of"
                    + " inputs or a directory of images (default: ${DEFAULT-VALUE}).")
    String calib = "fashion-mnist:1000";

    @Option(names = "--method", paramLabel = "METHOD",
            description = "Activation range calibration: minmax, percentile:P, kl, mse (default: ${DEFAULT-VALUE}).")
    String method = "minmax";

    @Option(names = "--requant", paramLabel = "MODE",
            description = "Requantization: onnx (float scale, ties to even), tflite (Q31 multiplier), shift (power of two)."
                    + " Default: shift for fixed:W, onnx otherwise.")
    String requant;

    @Option(names = "--layer-method", paramLabel = "NODE=METHOD",
            description = "Calibration method for one layer's output (repeatable), e.g. /fc/Gemm=percentile:99.9.")
    List<String> layerMethods = List.of();

    @Option(names = "--exclude", paramLabel = "NODE|OP", split = ",",
            description = "Keep these nodes (by name) or operator types (e.g. Mul, Softmax) in fp32 as islands"
                    + " (Dequantize → op → Quantize); repeatable or comma-separated.")
    List<String> exclude = List.of();

    @Option(names = "--layer-scheme", paramLabel = "NODE=P",
            description = "Mixed precision: the node's own format, int8 or int16 in an int8/int16 model, fixed:W in a fixed-point one,"
                    + " or fp32 (an island, as --exclude); repeatable, e.g. /conv1/Conv=int16.")
    List<String> layerSchemes = List.of();

    @Option(names = "--rounding", paramLabel = "Q", description = "Shift mode rounding: TRN, TRN_ZERO, RND, RND_ZERO,"
            + " RND_MIN_INF, RND_INF, RND_CONV (ap_fixed names; default: ${DEFAULT-VALUE}).")
    String rounding = "RND";

    @Option(names = "--overflow", paramLabel = "O", description = "Shift mode overflow: WRAP, SAT, SAT_ZERO, SAT_SYM (default: ${DEFAULT-VALUE}).")
    String overflow = "SAT";

    /**
     * @param scheme the target format
     * @return the checked options
     */
    QuantOptions options(Scheme scheme) {
        Map<String, CalibrationMethod> overrides = new LinkedHashMap<>();
        for (String lm : layerMethods) {
            int eq = lm.lastIndexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--layer-method " + lm + ": expected NODE=METHOD");
            }
            if (overrides.containsKey(lm.substring(0, eq))) {
                throw new BadInputException("--layer-method " + lm.substring(0, eq) + " is given twice");
            }
            overrides.put(lm.substring(0, eq), Flags.parse("--layer-method " + lm.substring(0, eq) + "=", lm.substring(eq + 1), CalibrationMethod::parse));
        }
        RequantMode mode = requant == null ? null : Flags.parse("--requant", requant, RequantMode::parse);
        QuantOptions d = QuantOptions.defaults(scheme, mode);
        CalibrationMethod m = Flags.parse("--method", method, CalibrationMethod::parse);
        int calibrationImages = calibCount();
        java.util.Set<String> fp32 = new java.util.LinkedHashSet<>(exclude);
        Map<String, Scheme> perLayer = new LinkedHashMap<>();
        for (String ls : layerSchemes) {
            int eq = ls.lastIndexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--layer-scheme " + ls + ": expected NODE=int8|int16|fixed:W|fp32");
            }
            String node = ls.substring(0, eq), format = ls.substring(eq + 1).trim();
            if (perLayer.containsKey(node) || (format.equals("fp32") && fp32.contains(node))) {
                throw new BadInputException("--layer-scheme " + node + " is given twice");
            }
            if (format.equals("fp32")) {
                fp32.add(node);
            } else {
                perLayer.put(node, Flags.parse("--layer-scheme " + node + "=", format, Scheme::parse));
            }
        }
        return Flags.parse("--precision", scheme.toString(), text -> new QuantOptions(scheme, m, d.requant(), calibrationImages, overrides,
                parseEnum(Rounding.class, rounding, "--rounding"), parseEnum(Overflow.class, overflow, "--overflow"), fp32, perLayer));
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String option) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + " " + text + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** @return the calibration source without its count: fashion-mnist, a directory or a .npy */
    String calibPath() {
        String c = calib.trim();
        return c.matches(".*:\\d+$") ? c.substring(0, c.lastIndexOf(':')) : c;
    }

    /** @return how many calibration images --calib asks for (1000 when it gives no count) */
    int calibImages() {
        return calibCount();
    }

    private int calibCount() {
        String c = calib.trim();
        if (c.isEmpty() || calibPath().isEmpty()) {
            throw new BadInputException("--calib " + calib + ": expected PATH[:N]");
        }
        if (!c.matches(".*:\\d+$")) {
            if (c.matches(".*:[^/]*$") && !java.nio.file.Files.exists(java.nio.file.Path.of(c))) {
                throw new BadInputException("--calib " + calib + ": N must be an integer");
            }
            return 1000;
        }
        try {
            int n = Integer.parseInt(c.substring(c.lastIndexOf(':') + 1));
            if (n < 1) {
                throw new BadInputException("--calib " + calib + ": N must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException("--calib " + calib + ": N must be at most " + Integer.MAX_VALUE);
        }
    }
}
