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
        assertTrue(fails(GOOD.replace("lanes: 16", "lanes: 0")).getMessage().contains("pe_array.lanes must be in [1, 65536], got 0"));
        assertTrue(fails(GOOD.replace("input_bytes: 65536", "input_bytes: -1")).getMessage().contains("buffers.input_bytes"));
        HardwareConfigException unknown = fails(GOOD.replace("burst_bytes: 64", "burst_bytes: 64, burst_len: 8"));
        assertTrue(unknown.getMessage().contains("unknown key 'burst_len' in dram"), unknown.getMessage());
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: 200000000")).getMessage().contains("looks like Hz"));
        assertTrue(fails(GOOD.replace("bandwidth_gb_s: 12.8", "bandwidth_gb_s: 12800000")).getMessage().contains("GB/s"));
        assertTrue(fails(GOOD.replace("weight_bytes: 65536", "weight_bytes: 100")).getMessage().contains("smallest tile"));
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: fast")).getMessage().contains("clock_mhz: 'fast' is not a number"));
        String missing = fails("name: x\n").getMessage();
        assertTrue(missing.endsWith("is required") || missing.contains("must be"), missing);
        String notYaml = fails("key: [unclosed\n  - : :").getMessage();
        assertTrue(notYaml.contains("YAML") || notYaml.contains("not a hardware description"), notYaml);
        assertTrue(fails("- a list\n").getMessage().contains("not a hardware description"));
    }

    /** Values whose derived quantities used to leave the finite range: negative cycles, Infinity ms, int overflow. */
    @Test
    void rangesKeepEveryDerivedQuantityFinite() throws Exception {
        assertTrue(fails(GOOD.replace("bandwidth_gb_s: 12.8", "bandwidth_gb_s: 1e-308")).getMessage()
                .contains("dram.bandwidth_gb_s must be in [0.001, 100000.0] GB/s, got 1.0E-308"));
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: 1e-308")).getMessage().contains("clock_mhz must be in [1.0, 10000.0] MHz"));
        assertTrue(fails(GOOD.replace("clock_mhz: 200", "clock_mhz: .nan")).getMessage().contains("clock_mhz is not a number"));
        assertTrue(fails(GOOD.replace("lanes: 16, vector: 8", "lanes: 65536, vector: 65536")).getMessage()
                .contains("pe_array.lanes × pe_array.vector must be in [1, 16777216], got 4294967296"));
        assertTrue(fails(GOOD.replace("latency_cycles: 50", "latency_cycles: 2147483647")).getMessage().contains("dram.latency_cycles"));
        assertTrue(fails(GOOD.replace("burst_bytes: 64", "burst_bytes: 2147483647")).getMessage().contains("dram.burst_bytes"));
        HardwareConfig c = HardwareConfigs.load(Files.writeString(tmp.resolve("edge.yaml"), GOOD
                .replace("clock_mhz: 200", "clock_mhz: 10000").replace("bandwidth_gb_s: 12.8", "bandwidth_gb_s: 0.001")).toString());
        assertEquals(1e-4, c.dram().bytesPerCycle(c.clockMhz()), 1e-12, "the slowest memory at the fastest clock stays finite");
    }

    @Test
    void duplicateKeysAndFractionalIntegersAreRefused() throws Exception {
        String dup = fails(GOOD + "clock_mhz: 300\n").getMessage();
        assertTrue(dup.contains("key 'clock_mhz' given twice"), dup);
        String nested = fails(GOOD.replace("lanes: 16,", "lanes: 16, lanes: 32,")).getMessage();
        assertTrue(nested.contains("key 'lanes' given twice"), nested);
        String fraction = fails(GOOD.replace("lanes: 16", "lanes: 8.5")).getMessage();
        assertTrue(fraction.contains("pe_array.lanes: 8.5 is not an integer"), fraction);
    }

    @Test
    void hugeDocumentsAreRefusedAtOnce() throws Exception {
        // a 30 MB scalar used to keep SnakeYAML busy for minutes
        Path big = tmp.resolve("big.yaml");
        Files.writeString(big, "name: " + "x".repeat(30_000_000) + "\n");
        long t0 = System.nanoTime();
        HardwareConfigException e = assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load(big.toString()));
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before reading");
        assertTrue(e.getMessage().contains("30000007 bytes is not a hardware description"), e.getMessage());
        // the same through the stream parser (presets, library callers): SnakeYAML's code-point cap
        HardwareConfigException s = assertThrows(HardwareConfigException.class, () -> HardwareConfigs.parse(
                new java.io.ByteArrayInputStream(("name: " + "x".repeat(2_000_000)).getBytes()), "stream"));
        assertTrue(s.getMessage().startsWith("stream: more than 65536 bytes is not a hardware description"), s.getMessage());
        String deep = fails("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n").getMessage();
        assertTrue(deep.contains("not a hardware description"), deep);
    }

    @Test
    void oversizedInlineSpecsAreOneLineErrors() {
        for (String spec : new String[] {"systolic:99999999999x8:os", "systolic:8x8:os:sram=99999999999", "systolic:0x8:ws",
            "systolic:100000x100000:ws", "systolic:8x8:os:sram=0"}) {
            HardwareConfigException e = assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load(spec), spec);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void anotherFilesContentsAreNeverEchoed() throws Exception {
        // a file that is not a hardware description: only its name, a line number and the kind of problem
        Path passwd = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n".repeat(40)
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        HardwareConfigException e = assertThrows(HardwareConfigException.class, () -> HardwareConfigs.load(passwd.toString()));
        assertFalse(e.getMessage().contains("root:x"), e.getMessage());
        assertTrue(e.getMessage().length() < passwd.toString().length() + 200, e.getMessage());
        String syntax = fails("name: x\nsecret: [a, b\n  password: hunter2\n").getMessage();
        assertFalse(syntax.contains("hunter2"), syntax);
        String keyWithEscape = fails(GOOD + "\"evil\\nconvoy: PASSED\\u001b[0m\": 1\n").getMessage();
        assertFalse(keyWithEscape.chars().anyMatch(Character::isISOControl), keyWithEscape);
        assertTrue(keyWithEscape.contains("unknown key 'evil\\nconvoy: PASSED\\u001B[0m'"), keyWithEscape);
    }
}
