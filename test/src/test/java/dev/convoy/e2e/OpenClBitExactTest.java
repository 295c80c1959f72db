package dev.convoy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.arith.Overflow;
import dev.convoy.arith.Rounding;
import dev.convoy.data.LabelledImages;
import dev.convoy.eval.Progress;
import dev.convoy.integer.IntegerBackend;
import dev.convoy.graph.Graph;
import dev.convoy.onnx.OnnxImporter;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.integer.OpenClIntegerLayers;
import dev.convoy.quant.QuantOptions;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.quant.Quantizer;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.convoy.BadInputException;
import dev.convoy.opencl.fpga.FpgaProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OpenCL integer convolution kernel (conv_int.cl with requant.cl) on OpenCL device 0 — PoCL in CI —
 * equals the integer reference on every element of every layer. Models: the trained fixtures on real test
 * images, and operator-coverage models (odd sizes, stride 2, asymmetric padding, dilation, depthwise and
 * grouped, 1×1) on N(0,1) inputs; schemes int8/int16/fixed in all three requantization modes.
 */
class OpenClBitExactTest {
    private static OpenClContext cl;

    @BeforeAll
    static void open() {
        cl = OpenClContext.open(0);
    }

    @AfterAll
    static void close() {
        cl.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}/{4}")
    @CsvSource({"lenet5.onnx,int8,onnx,RND,SAT", "resnet.onnx,int8,tflite,RND,SAT", "resnet.onnx,int16,tflite,RND,SAT",
        "resnet.onnx,fixed:8,shift,RND_CONV,SAT_SYM", "lenet5.onnx,fixed:6,shift,TRN,WRAP", "ops/conv_geometry.onnx,int8,onnx,RND,SAT",
        "ops/depthwise.onnx,fixed:8,shift,RND_ZERO,SAT", "ops/conv_autopad.onnx,int16,onnx,RND,SAT", "ops/pad_modes.onnx,int8,tflite,RND,SAT"})
    void kernelEqualsTheIntegerReference(String model, String scheme, String requant, String rounding, String overflow) {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model));
        boolean fixture = !model.startsWith("ops/");
        Tensor calib = fixture ? Fixtures.testSet().first(200).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(200), 3);
        Tensor test = fixture ? Fixtures.testSet().first(40).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(40), 4);
        QuantOptions d = QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant));
        QuantOptions o = new QuantOptions(d.scheme(), d.method(), d.requant(), d.calibImages(), Map.of(),
                Rounding.valueOf(rounding), Overflow.valueOf(overflow));
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[calib.shape().dim(0)]), o, Progress.NONE);
        OpenClIntegerLayers engine = new OpenClIntegerLayers(cl, q);
        assertEquals(List.of(), engine.hostNodes(), model + ": every integer layer has a kernel");
        boolean eightBit = scheme.equals("int8") || scheme.equals("fixed:8") || scheme.equals("fixed:6");
        assertEquals(eightBit, engine.kernels().values().stream().anyMatch(k -> k.startsWith("conv_q8")),
                model + " " + scheme + ": 8-bit convolutions take the dot-product kernel: " + engine.kernels());
        assertEveryElementEqual(q, engine, test, model);
    }

    /**
     * Randomised convolution shapes through both integer conv kernels: odd sizes, stride 2, asymmetric
     * padding, dilation, grouped and depthwise, 1×1 and K×1, fused ReLU, in every scheme and requantization
     * mode (8-bit formats take conv_q8.cl's dot products, wider ones conv_int.cl).
     */
    @Test
    void randomisedConvolutionShapes() {
        Random r = new Random(2027);
        String[][] schemes = {{"int8", "onnx"}, {"int8", "tflite"}, {"int16", "tflite"}, {"fixed:8", "shift"}, {"int16", "onnx"},
            {"fixed:12", "shift"}};
        for (int trial = 0; trial < 24; trial++) {
            RandomConv rc = RandomConv.next(r, 40, 9, 0.3, "conv" + trial);
            Graph g = rc.graph();
            Shape in = rc.input();
            String[] sm = schemes[trial % schemes.length];
            QuantOptions o = QuantOptions.defaults(Scheme.parse(sm[0]), RequantMode.parse(sm[1]));
            Tensor calib = Fixtures.random(in.withBatch(16), 100 + trial);
            QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[16]), o, Progress.NONE);
            Tensor test = Fixtures.random(in.withBatch(1 + r.nextInt(3)), 200 + trial);
            String what = "trial " + trial + " " + sm[0] + "/" + sm[1] + " " + rc.describe();
            OpenClIntegerLayers engine = new OpenClIntegerLayers(cl, q);
            assertEquals(List.of(), engine.hostNodes(), what);
            assertEquals(sm[0].endsWith("8") ? "conv_q8" : "conv_int", engine.kernels().get("conv").substring(0, sm[0].endsWith("8") ? 7 : 8), what);
            assertEveryElementEqual(q, engine, test, what);
        }
    }

    /**
     * The FPGA path: the kernel set built for the device, its binary written to a file, loaded back through
     * clCreateProgramWithBinary as a board's .aocx/.xclbin would be, and run with single work-item kernels —
     * every element equal to the integer reference.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"lenet5.onnx,int8,onnx", "lenet5.onnx,int8,tflite", "ops/depthwise.onnx,fixed:8,shift", "ops/conv_geometry.onnx,int8,tflite"})
    void precompiledKernelSetEqualsTheIntegerReference(String model, String scheme, String requant, @TempDir Path dir) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve(model));
        boolean fixture = !model.startsWith("ops/");
        Tensor calib = fixture ? Fixtures.testSet().first(200).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(50), 3);
        Tensor test = fixture ? Fixtures.testSet().first(4).images() : Fixtures.random(g.inputs().get(0).shape().withBatch(2), 4);
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[calib.shape().dim(0)]),
                QuantOptions.defaults(Scheme.parse(scheme), RequantMode.parse(requant)), Progress.NONE);
        Path bin = dir.resolve("convoy_int8.bin");
        Files.write(bin, FpgaProgram.binary(cl, FpgaProgram.options(1, RequantMode.parse(requant), 4)));
        try (FpgaProgram fpga = FpgaProgram.load(cl, bin)) {
            assertEquals(1, fpga.manifest().bytes());
            OpenClIntegerLayers engine = new OpenClIntegerLayers(cl, q, fpga);
            assertEquals(List.of(), engine.hostNodes(), model);
            assertTrue(engine.kernels().values().stream().anyMatch(k -> k.startsWith("conv_swi")), engine.kernels().toString());
            assertEveryElementEqual(q, engine, test, model + " from " + bin.getFileName());
        }
    }

    @Test
    void aBinaryOfAnotherFormatOrNoneIsRefusedByName(@TempDir Path dir) throws Exception {
        Graph g = OnnxImporter.load(Fixtures.dir().resolve("lenet5.onnx"));
        Tensor calib = Fixtures.testSet().first(50).images();
        QuantizedModel q = Quantizer.quantize(g, new LabelledImages("calib", calib, new int[50]),
                QuantOptions.defaults(Scheme.parse("int8"), RequantMode.TFLITE), Progress.NONE);
        Path onnxBuild = dir.resolve("onnx.bin");
        Files.write(onnxBuild, FpgaProgram.binary(cl, FpgaProgram.options(1, RequantMode.ONNX, 4)));
        try (FpgaProgram fpga = FpgaProgram.load(cl, onnxBuild)) {
            BadInputException e = assertThrows(BadInputException.class, () -> new OpenClIntegerLayers(cl, q, fpga));
            assertTrue(e.getMessage().startsWith(onnxBuild + ": built for 8-bit storage, onnx requantization"), e.getMessage());
        }
        Path junk = dir.resolve("junk.aocx");
        Files.writeString(junk, "not a binary");
        BadInputException e = assertThrows(BadInputException.class, () -> FpgaProgram.load(cl, junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
    }

    static void assertEveryElementEqual(QuantizedModel q, OpenClIntegerLayers engine, Tensor test, String what) {
        Map<String, int[]> reference = new HashMap<>();
        try (IntegerBackend cpu = new IntegerBackend(q, 2)) {
            cpu.runIntegers(test, (node, value, shape, data, format) -> reference.put(value, data));
        }
        long[] compared = new long[1];
        try (IntegerBackend gpu = new IntegerBackend(q, engine)) {
            gpu.runIntegers(test, (node, value, shape, data, format) -> {
                int[] r = reference.get(value);
                int diff = 0;
                for (int i = 0; i < data.length; i++) {
                    diff += data[i] != r[i] ? 1 : 0;
                }
                assertEquals(0, diff, what + " layer " + value + ": elements differing from the integer reference");
                compared[0] += data.length;
            });
        }
        assertTrue(compared[0] > 0);
    }
}
