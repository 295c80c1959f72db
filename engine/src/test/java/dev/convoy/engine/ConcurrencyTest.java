package dev.convoy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convoy.data.FashionMnist;
import dev.convoy.data.LabelledImages;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight threads sharing one loaded model (and one quantized model), each with its own engine, give exactly the
 * outputs of a single-threaded run on the fp32 reference, the integer reference, OpenCL fp32 and OpenCL int8:
 * no shared mutable state between engines, and the lazily built graphs of {@link Model} made once.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static Model lenet;
    private static QuantizedModel q;
    private static Tensor batch;

    @BeforeAll
    static void load() {
        lenet = Model.load(Path.of(System.getProperty("convoy.fixtures", "../fixtures"), "lenet5.onnx"));
        LabelledImages train = FashionMnist.load(Path.of(System.getProperty("convoy.fashionMnist",
                FashionMnist.DEFAULT_DIR.toString())), FashionMnist.Split.TRAIN);
        batch = lenet.fit(train.batch(0, 16), train.name());
        q = Engines.quantize(lenet, EngineRequest.on(Device.cpu()).withPrecision(Precision.parse("int8"))
                .withQuantization(null, () -> train.first(200)));
    }

    private static void sameFromEveryThread(String what, Supplier<Engine> open) throws Exception {
        float[] alone;
        try (Engine e = open.get()) {
            alone = e.run(batch).data();
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<float[]>>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(pool.submit((Callable<List<float[]>>) () -> {
                    List<float[]> outs = new ArrayList<>();
                    try (Engine e = open.get()) {
                        for (int i = 0; i < 3; i++) {
                            outs.add(e.run(batch).data());
                        }
                    }
                    return outs;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                for (float[] out : runs.get(t).get()) {
                    assertArrayEquals(alone, out, what + ", thread " + t);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fp32Reference() throws Exception {
        sameFromEveryThread("cpu fp32", () -> Engines.open(lenet, EngineRequest.on(Device.cpu())));
    }

    @Test
    void integerReference() throws Exception {
        sameFromEveryThread("cpu int8", () -> Engines.openInteger(lenet, q, EngineRequest.on(Device.cpu())));
    }

    @Test
    void openClFp32() throws Exception {
        sameFromEveryThread("opencl fp32", () -> Engines.open(lenet, EngineRequest.on(Device.opencl("0"))));
    }

    @Test
    void openClInt8() throws Exception {
        sameFromEveryThread("opencl int8", () -> Engines.openInteger(lenet, q, EngineRequest.on(Device.opencl("0"))));
    }
}
