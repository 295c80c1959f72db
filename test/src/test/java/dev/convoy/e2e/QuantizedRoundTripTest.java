package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.quant.onnx.ImportedModel;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.onnx.QuantizedOnnxWriter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A quantized model saved as ONNX and read back gives the same integers in every mode. */
class QuantizedRoundTripTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"lenet5,int8,onnx", "resnet,int8,tflite", "resnet,int16,onnx", "lenet5,int16,tflite", "resnet,fixed:8,shift",
        "lenet5,fixed:6,shift"})
    void reimportIsExact(String model, String scheme, String requant) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model + ".onnx"));
        LabelledImages calib = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(200);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        Path file = tmp.resolve("q.onnx");
        QuantizedOnnxWriter.write(q, file, false);
        ImportedModel back = ImportedModel.load(file, null);
        assertEquals(q.options().requant(), back.quantized().options().requant());
        LabelledImages test = Fixtures.testSet().first(300);
        try (IntegerBackend a = new IntegerBackend(q, 2); IntegerBackend b = new IntegerBackend(back.quantized(), 2)) {
            assertArrayEquals(a.runIntegers(test.images(), null), b.runIntegers(test.images(), null));
            assertArrayEquals(a.run(test.images()).data(), b.run(test.images()).data());
        }
    }
}
