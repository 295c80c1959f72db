package dev.convoy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code convoy} command: lists the subcommands. */
@Command(name = "convoy", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Tiles trained CNNs (ONNX) onto OpenCL accelerators, simulates them, and checks every path "
                + "against a CPU reference.",
        subcommands = {DemoCommand.class, SummaryCommand.class, EvalCommand.class, InferCommand.class, QuantizeCommand.class,
            ValidateCommand.class, PlanCommand.class, SimulateCommand.class, ExploreCommand.class, DevicesCommand.class, BenchCommand.class, TuneCommand.class,
            FpgaKernelsCommand.class, ReportCommand.class, ToParquetCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed", "2:bad input or usage", "3:internal error"})
public final class ConvoyCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
