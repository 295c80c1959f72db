package dev.convoy.bench;

import dev.convoy.data.DataSources;
import dev.convoy.data.FashionMnist;
import dev.convoy.data.ImageSource;
import dev.convoy.data.PreprocessingSettings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data readers alone: every image of {@code data} opened, decoded and preprocessed in batches of
 * {@code batch}, as eval reads them, without a model. Images/s = images (printed at the end of the first call) /
 * (s per op). For a folder of 10,000 tinted PNGs (tools/fixtures/train_tinted.py --full /tmp/tinted):
 *
 * <pre>  java -jar bench/target/benchmarks.jar DataSourceBench -p data=/tmp/tinted/test \
 *       -p preprocess=$PWD/fixtures/tinted/preprocess.yaml</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class DataSourceBench {
    /** What --data would name. */
    @Param({"fashion-mnist"})
    public String data;

    /** A --preprocess file, or empty for the defaults of a 3-channel model. */
    @Param({""})
    public String preprocess;

    /** Images per batch. */
    @Param({"100"})
    public int batch;

    /**
     * @return a checksum of the pixels, so that nothing is optimised away
     */
    @Benchmark
    public double readAll() {
        PreprocessingSettings s = preprocess.isEmpty() ? PreprocessingSettings.NONE : PreprocessingSettings.read(Path.of(preprocess));
        double sum = 0;
        try (ImageSource source = DataSources.open(data, null, s.resolve(3), FashionMnist.Split.TEST)) {
            for (int from = 0; from < source.size(); from += batch) {
                float[] x = source.images(from, Math.min(source.size(), from + batch)).data();
                sum += x[0] + x[x.length - 1];
            }
        }
        return sum;
    }
}
