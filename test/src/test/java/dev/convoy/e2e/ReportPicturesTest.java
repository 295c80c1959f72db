package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.engine.Device;
import dev.convoy.engine.EngineRequest;
import dev.convoy.engine.Engines;
import dev.convoy.engine.Model;
import dev.convoy.engine.Precision;
import dev.convoy.eval.Progress;
import dev.convoy.manifold.Tsne;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import dev.convoy.validate.ValidationReport;
import dev.convoy.validate.Validator;
import dev.convoy.visual.Augmentations;
import dev.convoy.visual.FeatureMaps;
import dev.convoy.visual.FeatureSpace;
import dev.convoy.visual.Occlusion;
import dev.convoy.visual.Planes;
import dev.convoy.visual.Probe;
import dev.convoy.visual.Robustness;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's pictures are true, not just present: checked on the trained ResNet fixture (fp32 and int8) against
 * what the picture claims to show — occlusion finds the object, stride-1 convolutions move their maps with the
 * input, t-SNE keeps neighbourhoods a random projection loses, and the robustness curve starts at the evaluation.
 */
class ReportPicturesTest {
    private static Model model;
    private static QuantizedModel quantized;
    private static EngineRequest request;
    private static Probe probe;
    private static LabelledImages test;

    @BeforeAll
    static void open() {
        model = Model.load(Fixtures.dir().resolve("resnet.onnx"));
        Path data = Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString()));
        request = EngineRequest.on(Device.cpu()).withPrecision(Precision.parse("int8"))
                .withQuantization(QuantOptions.defaults(Scheme.parse("int8"), null), () -> FashionMnist.load(data, FashionMnist.Split.TRAIN).first(500));
        quantized = Engines.quantize(model, request);
        probe = Probe.open(model, quantized, request);
        test = Fixtures.testSet();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    /**
     * Builds centred-object images — a test garment halved (2×2 means) and pasted in the middle of a black 28×28
     * canvas, so the object fills the central 14×14 box (a quarter of the pixels) — and keeps those the fp32 model
     * still classifies right. Over them, the occlusion map's highest pixel lies in the box for at least 85 % of
     * the images on both sides (chance: 25 %), and on average a pixel in the box loses more score than one
     * outside. Patch 4, stride 2, the report's default fill (the border mean: black here).
     */
    @Test
    void occlusionIsHighestOnACentredObject() {
        Tensor sample = test.images(0, 500);
        float[] fill = Occlusion.borderFill(sample);
        assertTrue(fill[0] < 0.05, "Fashion-MNIST's border is black: " + fill[0]);
        int kept = 0, fpIn = 0, qIn = 0;
        double fpInside = 0, fpOutside = 0, qInside = 0, qOutside = 0;
        for (int i = 0; i < 300; i++) {
            float[] src = test.images(i, i + 1).data(), img = new float[28 * 28];
            for (int y = 0; y < 14; y++) {
                for (int x = 0; x < 14; x++) {
                    img[(y + 7) * 28 + x + 7] = (src[2 * y * 28 + 2 * x] + src[2 * y * 28 + 2 * x + 1] + src[(2 * y + 1) * 28 + 2 * x]
                            + src[(2 * y + 1) * 28 + 2 * x + 1]) / 4;
                }
            }
            Tensor t = new Tensor(Shape.of(1, 1, 28, 28), img);
            int label = test.labels(i, i + 1)[0];
            if (argmax(probe.fp32(t).data()) != label) {
                continue;
            }
            kept++;
            Occlusion.Map m = Occlusion.compute(probe, t, label, 4, 2, fill, 64);
            fpIn += inBox(argmax(m.fp32Drop())) ? 1 : 0;
            qIn += inBox(argmax(m.quantizedDrop())) ? 1 : 0;
            for (int k = 0; k < 28 * 28; k++) {
                if (inBox(k)) {
                    fpInside += m.fp32Drop()[k] / 196.0;
                    qInside += m.quantizedDrop()[k] / 196.0;
                } else {
                    fpOutside += m.fp32Drop()[k] / 588.0;
                    qOutside += m.quantizedDrop()[k] / 588.0;
                }
            }
        }
        assertTrue(kept >= 30, "too few built images classified right: " + kept);
        assertTrue(fpIn >= 0.85 * kept, "fp32 peak on the object in " + fpIn + " of " + kept);
        assertTrue(qIn >= 0.85 * kept, "int8 peak on the object in " + qIn + " of " + kept);
        assertTrue(fpInside > fpOutside && qInside > qOutside, "mean drop inside/outside fp32 " + fpInside / kept + "/" + fpOutside / kept
                + ", int8 " + qInside / kept + "/" + qOutside / kept);
        System.out.printf("occlusion: %d built images; peak in the object box fp32 %d, int8 %d; mean drop inside %.3f vs outside %.3f (fp32)%n",
                kept, fpIn, qIn, fpInside / kept, fpOutside / kept);
    }

    private static boolean inBox(int k) {
        int y = k / 28, x = k % 28;
        return y >= 7 && y < 21 && x >= 7 && x < 21;
    }

    /**
     * Parameter sharing, shown: shifting the input by (2, 3) pixels shifts every stride-1 convolution's map of the
     * first block by (2, 3), wherever the receptive field stays inside the image. fp32 within 1e-5 of the largest
     * response (the fast engine may sum in a different order per position); the integer maps exactly.
     */
    @Test
    void stride1MapsMoveWithTheInput() {
        Tensor x = test.images(3, 4);
        Planes in = Planes.of(x.shape().dropFirst());
        Tensor moved = Augmentations.shift(x, in, 2, 3, new float[] {0});
        List<FeatureMaps.Layer> a = FeatureMaps.of(probe, x, 64), b = FeatureMaps.of(probe, moved, 64);
        int checked = 0;
        for (int l = 0; l < a.size(); l++) {
            FeatureMaps.Layer la = a.get(l), lb = b.get(l);
            Planes p = la.planes();
            if (p.height() != in.height()) {
                continue; // strided or pooled: a shift of 2×3 is not a whole number of output pixels
            }
            int margin = 2 + 2 * (l + 1); // each 3×3 layer widens the receptive field by one pixel per side; generous
            double worst = 0, scale = 1e-12;
            long exact = 0, total = 0;
            for (int c = 0; c < la.shown(); c++) {
                for (int y = margin; y < p.height() - margin - 2; y++) {
                    for (int xx = margin; xx < p.width() - margin - 3; xx++) {
                        int i = c * p.area() + y * p.width() + xx, j = c * p.area() + (y + 2) * p.width() + xx + 3;
                        worst = Math.max(worst, Math.abs(la.fp32()[i] - lb.fp32()[j]));
                        scale = Math.max(scale, Math.abs(la.fp32()[i]));
                        exact += la.quantized() != null && la.quantized()[i] == lb.quantized()[j] ? 1 : 0;
                        total++;
                    }
                }
            }
            assertTrue(worst <= 1e-5 * scale, la.node() + ": fp32 shifted map differs by " + worst + " of " + scale);
            assertEquals(total, exact, la.node() + ": integer maps not shifted exactly");
            checked++;
        }
        assertTrue(checked >= 3, "stride-1 map layers checked: " + checked);
    }

    /**
     * t-SNE of 600 test images' penultimate features keeps more of each image's 10 nearest neighbours than a
     * Gaussian random projection to 2-D of the same features — at least twice as many — fp32 and int8 (measured:
     * 0.648, 0.641 against 0.216).
     */
    @Test
    void tsneKeepsNeighbourhoodsARandomProjectionLoses() {
        int n = 600;
        FeatureSpace s = FeatureSpace.of(probe, test.images(0, n), test.labels(0, n), new Tsne(30, 500, 0.5, 0), 4, 5, 100, Progress.NONE);
        System.out.printf("t-SNE 10-NN preservation: fp32 %.3f, int8 %.3f, random projection %.3f%n", s.fp32Preservation(),
                s.quantizedPreservation(), s.randomPreservation());
        assertTrue(s.fp32Preservation() > 2 * s.randomPreservation(), s.fp32Preservation() + " vs " + s.randomPreservation());
        assertTrue(s.quantizedPreservation() > 2 * s.randomPreservation(), s.quantizedPreservation() + " vs " + s.randomPreservation());
        // the nearest neighbours of a query are mostly of its own class (what the table in the report shows)
        long same = 0, all = 0;
        for (int i = 0; i < s.queries().length; i++) {
            for (int j : s.fp32Neighbours()[i]) {
                same += s.labels()[j] == s.labels()[s.queries()[i]] ? 1 : 0;
                all++;
            }
        }
        assertTrue(same >= 0.6 * all, same + " of " + all + " neighbours share the query's class");
    }

    /** The robustness curve at shift 0 is the evaluation: the same top-1 as the validator on the same images, both sides. */
    @Test
    void robustnessAtShiftZeroIsTheEvaluation() {
        int n = 500;
        List<Robustness.Point> points = Robustness.measure(probe, test.images(0, n), test.labels(0, n),
                new Robustness.Conditions(1, new double[] {0.5}, new double[] {10}), 100, Progress.NONE);
        Robustness.Point zero = points.get(0);
        assertEquals("shift", zero.family());
        assertEquals(0, zero.amount());
        ValidationReport r = Validator.validatePrepared(model.prepared(), quantized, test.first(n), 100, Progress.NONE,
                probe.integerBackend(), g -> Engines.hostRunner(g, request));
        assertEquals(r.top1Reference(), zero.fp32Top1(), 0.0);
        assertEquals(r.top1Quantized(), zero.quantizedTop1(), 0.0);
        assertEquals(1 - r.agreement(), zero.disagreement(), 1e-12);
        // and the changes cost accuracy: a 10-degree rotation and 0.5 σ noise are below the clean top-1
        assertTrue(points.stream().filter(p -> !p.family().equals("shift")).allMatch(p -> p.fp32Top1() <= zero.fp32Top1() + 0.02), points.toString());
        assertTrue(Set.of("shift", "flip", "noise", "rotation").equals(points.stream().map(Robustness.Point::family).collect(java.util.stream.Collectors.toSet())));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
