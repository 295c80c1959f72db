package dev.convoy.cli;


import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.Tiling;
import picocli.CommandLine.Option;

/** --hw and --tiling, shared by plan and simulate. */
public final class HardwareOptions {
    @Option(names = "--hw", paramLabel = "HW", required = true,
            description = "A preset (zhang15-vc707, pipecnn-de1soc, pipecnn-de5net, pipecnn-de5anet, vta-16x16, scalesim-32x32-ws),"
                    + " a YAML file, or systolic:ROWSxCOLS:os|ws|is[:sram=KB][:bw=WORDS] (bw: SCALE-Sim's user interface bandwidth,"
                    + " words per cycle, stalls modelled; without it the stall-free CALC mode).")
    String hw;

    @Option(names = "--tiling", paramLabel = "TmxTn", description = "Fixed tiling TmxTn (whole-output Tr, Tc) or TmxTnxTrxTc, to reproduce a published design.")
    String tiling;

    @picocli.CommandLine.Mixin
    SimBatchOption batch;

    HardwareConfig config() {
        return Flags.hardware(hw);
    }

    Tiling fixedTiling() {
        return tiling == null ? null : Flags.parse("--tiling", tiling, Tiling::parse);
    }
}
