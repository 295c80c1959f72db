package dev.convoy.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets load; bad descriptions fail in one line naming file and field. */
class HardwareConfigsTest {
    @TempDir
    Path tmp;

    private static final String GOOD = """
            name: test
            kind: fpga
            clock_mhz: 200
            word_bytes: 1
            pe_array: {lanes: 16, vector: 8, pipeline_depth: 4}
            buffers: {input_bytes: 65536, weight_bytes: 65536, output_bytes: 65536, double_buffered: true}
            dram: {bandwidth_gb_s: 12.8, latency_cycles: 50, burst_bytes: 64}
            """;

    private HardwareConfigException fails(String yaml) throws Exception {
        Path f = Files.writeString(tmp.resolve("board.yaml"), yaml);
        HardwareConfigException e = assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load(f.toString()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    @Test
    void everyPresetLoads() {
        for (String p : HardwareConfigs.PRESETS) {
            HardwareConfig c = HardwareConfigs.load(p);
            assertEquals(p, c.name());
        }
        HardwareConfig z = HardwareConfigs.load("zhang15-vc707");
        assertEquals(448, z.peakMacsPerCycle());
        assertEquals(89.6, z.peakGops(), 1e-9); // 448 PEs × 2 ops × 100 MHz
    }

    @Test
    void inlineSystolicSpec() {
        HardwareConfig c = HardwareConfigs.load("systolic:32x16:is:sram=128");
        assertEquals(32, c.systolic().rows());
        assertEquals(16, c.systolic().cols());
        assertEquals(Dataflow.IS, c.systolic().dataflow());
        assertEquals(128 * 1024, c.buffers().inputBytes());
        assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load("systolic:32by32:ws"));
        assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load("no-such-board"));
    }

    @Test
    void goodFileLoads() throws Exception {
        Path f = Files.writeString(tmp.resolve("ok.yaml"), "# a comment\n" + GOOD);
        assertEquals(128, HardwareConfigs.load(f.toString()).peakMacsPerCycle());
    }

    @Test
    void errorsNameTheField() throws Exception {
        assertTrue(fails(GOOD.replace("lanes: 16", "lanes: 0")).getMessage().contains("pe_array.lanes must be positive"));
        assertTrue(fails(GOOD.replace("input_bytes: 65536", "input_bytes: -1")).getMessage().contains("buffers.input_bytes"));
        HardwareConfigException unknown = fails(GOOD.replace("burst_bytes: 64", "burst_bytes: 64, burst_len: 8"));
        assertTrue(unknown.getMessage().contains("unknown key 'burst_len' in dram"), unknown.getMessage());
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: 200000000")).getMessage().contains("looks like Hz"));
        assertTrue(fails(GOOD.replace("bandwidth_gb_s: 12.8", "bandwidth_gb_s: 12800000")).getMessage().contains("GB/s"));
        assertTrue(fails(GOOD.replace("weight_bytes: 65536", "weight_bytes: 100")).getMessage().contains("smallest tile"));
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: fast")).getMessage().contains("clock_mhz: 'fast' is not a valid double"));
        String missing = fails("name: x\n").getMessage();
        assertTrue(missing.endsWith("is required") || missing.contains("must be"), missing);
        String notYaml = fails("key: [unclosed\n  - : :").getMessage();
        assertTrue(notYaml.contains("YAML") || notYaml.contains("not a hardware description"), notYaml);
        assertTrue(fails("- a list\n").getMessage().contains("not a hardware description"));
    }
}
