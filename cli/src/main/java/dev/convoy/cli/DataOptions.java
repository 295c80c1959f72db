package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.data.DataSources;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageSource;
import dev.convoy.data.LabelledImages;
import dev.convoy.data.Preprocessing;
import dev.convoy.data.PreprocessingSettings;
import dev.convoy.engine.Model;
import dev.convoy.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Options choosing the evaluation images — Fashion-MNIST, an IDX directory, a .npy of inputs or a directory of
 * images — and how images become inputs.
 */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH", description = "fashion-mnist (default), a directory of IDX files, a .npy of"
            + " inputs [N,…] (--labels), a .npz (arrays x, y), or a directory of images (class folders for labels).")
    String data = DataSources.FASHION_MNIST;

    @Option(names = "--labels", paramLabel = "FILE.npy", description = "Labels for a .npy of inputs (any integer dtype, shape [N]).")
    Path labels;

    @Option(names = "--arrays", paramLabel = "X[,Y]", description = "The arrays of a .npz holding inputs and labels (default: x and, when present, y).")
    String arrays;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N images (default: all).")
    Integer limit;

    @Option(names = "--preprocess", paramLabel = "FILE.yaml", description = "Preprocessing settings (keys color, resize, center_crop,"
            + " scale, mean, std, layout); flags given as well take precedence. A model quantized with preprocessing carries it.")
    Path preprocess;

    @Option(names = "--color", paramLabel = "C", description = "rgb, bgr or gray (default: from the model's input channels).")
    String color;

    @Option(names = "--resize", paramLabel = "N|WxH", description = "Resize images: the shorter side to N, or to WxH (bilinear).")
    String resize;

    @Option(names = "--center-crop", paramLabel = "N|WxH", description = "Crop the centre N×N or W×H after resizing.")
    String centerCrop;

    @Option(names = "--scale", paramLabel = "S", description = "Multiply 8-bit pixel values by S (default: 1/255).")
    Float scale;

    @Option(names = "--mean", paramLabel = "a,b,c", description = "Per-channel mean subtracted after scaling.")
    String mean;

    @Option(names = "--std", paramLabel = "a,b,c", description = "Per-channel divisor after the mean.")
    String std;

    @Option(names = "--layout", paramLabel = "L", description = "nchw (default) or nhwc.")
    String layout;

    /**
     * @param model the model the images are for (its input decides the default colour)
     * @return the evaluation images with their labels, cut to --limit, read in batches as they are used (the
     *         caller closes the source)
     * @throws BadInputException when the data has no labels (an accuracy needs them)
     */
    ImageSource testImages(Model model) {
        return open(model, true);
    }

    /**
     * @param model the model the images are for
     * @return the images, cut to --limit, labelled or not (for inference, calibration and reference comparisons;
     *         the caller closes the source)
     */
    ImageSource inputs(Model model) {
        return open(model, false);
    }

    private ImageSource open(Model model, boolean needLabels) {
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit);
        }
        ImageSource source = DataSources.open(data, labels, arrays, preprocessing(model), FashionMnist.Split.TEST);
        if (needLabels && !source.labelled()) {
            source.close();
            throw new BadInputException(data + ": no labels (class folders, or --labels for a .npy); infer runs without them");
        }
        return limit == null ? source : source.first(limit);
    }

    /**
     * @param model the model being calibrated (its input decides the default colour)
     * @param quant the quantization options, whose --calib names the source
     * @return the calibration images, read when the quantizer asks: fashion-mnist means the training split of the
     *         IDX set --data names (or of the Debian set); anything else is opened as --data would be
     */
    java.util.function.Supplier<ImageSource> calibration(Model model, QuantOptionsMixin quant) {
        return () -> {
            String path = quant.calibPath();
            if (path.equalsIgnoreCase(DataSources.FASHION_MNIST)) {
                // the training split of the IDX directory --data names; any other --data is not Fashion-MNIST
                boolean idx = !data.equalsIgnoreCase(DataSources.FASHION_MNIST) && DataSources.isIdxDirectory(Path.of(data));
                return FashionMnist.load(idx ? Path.of(data) : FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN);
            }
            return DataSources.open(path, null, arrays, preprocessing(model), FashionMnist.Split.TRAIN).first(quant.calibImages());
        };
    }

    /**
     * @param model the model the images are for
     * @return the preprocessing settings given: the model's stored ones (a quantized model's
     *         {@value PreprocessingSettings#METADATA_KEY}), overridden by --preprocess, overridden by the flags
     */
    PreprocessingSettings settings(Model model) {
        PreprocessingSettings s = PreprocessingSettings.NONE;
        String stored = model == null ? null : model.metadata().get(PreprocessingSettings.METADATA_KEY);
        if (stored != null) {
            s = PreprocessingSettings.parse(stored, model.label() + " (metadata " + PreprocessingSettings.METADATA_KEY + ")");
        }
        if (preprocess != null) {
            s = s.overriddenBy(PreprocessingSettings.read(preprocess));
        }
        return s.overriddenBy(new PreprocessingSettings(color == null ? null : choice(Preprocessing.Color.class, "--color", color),
                resize == null ? null : Preprocessing.Size.parse(resize, "--resize"),
                centerCrop == null ? null : Preprocessing.Size.parse(centerCrop, "--center-crop"), scale,
                floats("--mean", mean), floats("--std", std), layout == null ? null : choice(Preprocessing.Layout.class, "--layout", layout)));
    }

    /**
     * @param model the model the images are for
     * @return {@link #settings} completed: unset colour from the model's input channels, the rest as
     *         {@link PreprocessingSettings#resolve}
     */
    Preprocessing preprocessing(Model model) {
        PreprocessingSettings s = settings(model);
        Shape in = model.input().shape();
        int channels = in.rank() == 3 ? (s.layout() == Preprocessing.Layout.NHWC ? in.dim(2) : in.dim(0)) : 1;
        return s.resolve(channels);
    }

    /**
     * @param channels the channels images become when --color does not say (no model to ask)
     * @return the preprocessing the flags give
     */
    Preprocessing preprocessing(int channels) {
        return settings(null).resolve(channels);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String option, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new BadInputException(option + " " + text + " is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
    }

    private static float[] floats(String option, String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(option + " " + text + ": '" + parts[i].trim() + "' is not a number");
            }
            if (!Float.isFinite(v[i])) {
                throw new BadInputException(option + " " + text + ": values must be finite");
            }
        }
        return v;
    }
}
