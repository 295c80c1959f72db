package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.graph.Graph;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.Tiling;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator's tile-by-tile integer convolutions equal the integer reference on every element of every
 * layer of both fixtures (200 test images), on scheduler-chosen and fixed tilings, with every output
 * written exactly once and every tile inside its buffer (the executor throws otherwise).
 */
class BitTrueSimulationTest {
    @ParameterizedTest(name = "{0} {1} {2} on {3} tiling {4}")
    @CsvSource({"lenet5,int8,onnx,pipecnn-de5net,", "resnet,int8,onnx,pipecnn-de5net,", "resnet,fixed:8,shift,vta-16x16,",
        "resnet,int16,tflite,zhang15-vc707,64x7", "lenet5,int8,tflite,pipecnn-de1soc,4x3x5x7"})
    void tiledExecutionEqualsTheIntegerReference(String model, String scheme, String requant, String hw, String tiling) {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model + ".onnx"));
        LabelledImages calib = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist", FashionMnist.DEFAULT_DIR.toString())),
                FashionMnist.Split.TRAIN).first(200);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        BitTrueSimulation.Result r = BitTrueSimulation.run(q, HardwareConfigs.load(hw), tiling == null ? null : Tiling.parse(tiling),
                Fixtures.testSet().first(200).images());
        assertEquals(0, r.mismatches(), "first differing layer: " + r.firstMismatch());
        long expectedMacs = 200 * ConvLayer.of(q).stream().mapToLong(ConvLayer::macs).sum();
        assertEquals(expectedMacs, r.macs(), "every MAC of every layer executed once");
        assertTrue(r.elements() > 200L * 784);
    }
}
