package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.BatchedRun;
import dev.convoy.eval.EvalResult;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quantized top-1 on all 10,000 Fashion-MNIST test images against the fp32 figure (PyTorch's, which the
 * fp32 reference reproduces exactly — FashionMnistFixtureTest). Gates from the quantization issue: int8
 * per-channel within 0.5 points, int16 within 0.05, fixed:8 in shift mode within 1.5. Calibration: minmax on
 * the first 1,000 training images (the command-line default).
 */
class QuantizedAccuracyTest {
    @ParameterizedTest(name = "{0} {1} {2} within {3} points")
    @CsvSource({"lenet5,int8,onnx,0.5", "resnet,int8,onnx,0.5", "conv1d_rows,int8,onnx,0.5", "conv3d_frames,int8,onnx,0.5", "resnet,int8,tflite,0.5", "lenet5,int16,onnx,0.05",
        "resnet,int16,onnx,0.05", "lenet5,fixed:8,shift,1.5", "resnet,fixed:8,shift,1.5"})
    void top1DropWithinGate(String model, String scheme, String requant, double maxDrop) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model + ".onnx"));
        LabelledImages calib = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(1000);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        double fp32 = Fixtures.metadata().path("models").path(model).path("top1").asDouble();
        try (IntegerBackend b = new IntegerBackend(q)) {
            EvalResult r = BatchedRun.evaluate(b::run, Fixtures.testSet(), 250, Progress.NONE);
            double drop = 100 * (fp32 - r.top1());
            System.out.printf(java.util.Locale.ROOT, "%s %s %s: fp32 %.2f%%, quantized %.2f%%, drop %.2f points%n",
                    model, scheme, requant, 100 * fp32, 100 * r.top1(), drop);
            assertTrue(drop <= maxDrop, model + " " + scheme + " " + requant + ": drop " + drop + " > " + maxDrop);
        }
    }
}
