package dev.convoy.cli;

import dev.convoy.BadInputException;

import dev.convoy.hw.HardwareConfig;
import dev.convoy.schedule.Tiling;
import picocli.CommandLine.Option;

/** --hw and --tiling, shared by plan and simulate. */
public final class HardwareOptions {
    @Option(names = "--hw", paramLabel = "HW", required = true,
            description = "A preset (zhang15-vc707, pipecnn-de1soc, pipecnn-de5net, pipecnn-de5anet, vta-16x16, scalesim-32x32-ws),"
                    + " a YAML file, or systolic:ROWSxCOLS:os|ws|is[:sram=KB].")
    String hw;

    @Option(names = "--tiling", paramLabel = "TmxTn", description = "Fixed tiling TmxTn (whole-output Tr, Tc) or TmxTnxTrxTc, to reproduce a published design.")
    String tiling;

    @Option(names = "--batch", paramLabel = "B", description = "Images per run (default: ${DEFAULT-VALUE}): a tiled array runs each"
            + " convolution once per image and every fully-connected layer on the batch's rows at once (weights loaded once per"
            + " batch); a systolic array joins the batch's pixels (or rows) in one matrix product (SCALE-Sim's GEMM mode, M = rows ·"
            + " batch). Cycles and bytes are for the whole batch; ms per image is printed too.")
    int batch = 1;

    int batch() {
        if (batch < 1 || batch > 65_536) {
            throw new BadInputException("--batch must be between 1 and 65536, got " + batch);
        }
        return batch;
    }

    HardwareConfig config() {
        return Flags.hardware(hw);
    }

    Tiling fixedTiling() {
        return tiling == null ? null : Flags.parse("--tiling", tiling, Tiling::parse);
    }
}
