package dev.convoy.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convoy.engine.Device;
import dev.convoy.engine.Precision;
import dev.convoy.quant.RequantMode;
import dev.convoy.quant.Scheme;
import dev.convoy.sim.explore.Explorer;

/** The parsers behind command-line options (devices, precisions, requantization, sweeps) under fuzzing. */
class OptionParserFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void options(FuzzedDataProvider data) {
        String text = data.consumeString(200);
        switch (data.consumeInt(0, 4)) {
            case 0 -> Expect.goodOrBadInput(() -> Device.parse(text));
            case 1 -> Expect.goodOrBadInput(() -> Precision.parse(text));
            case 2 -> Expect.goodOrBadInput(() -> Scheme.parse(text));
            case 3 -> Expect.goodOrBadInput(() -> RequantMode.parse(text));
            default -> Expect.goodOrBadInput(() -> Explorer.values(text, "lanes"));
        }
    }
}
