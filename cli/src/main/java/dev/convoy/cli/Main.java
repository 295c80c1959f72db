package dev.convoy.cli;

import dev.convoy.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code convoy} command. */
public final class Main {
    private Main() {
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(SignalChainingLauncher.relaunch(args).orElseGet(() -> run(args)));
    }

    /**
     * Runs a command without exiting the JVM (tests call this).
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /** @return the configured command line, for tests that inspect parsing */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ConvoyCommand());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("convoy: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.matchedOption("--verbose") != null
                || (parsed.subcommand() != null && parsed.subcommand().matchedOption("--verbose") != null);
        Throwable t = ex;
        boolean bad = t instanceof BadInputException || t instanceof dev.convoy.hw.HardwareConfigException;
        if (bad) {
            err.println("convoy: " + t.getMessage());
        } else {
            err.println("convoy: internal error: " + t + " (rerun with --verbose for details)");
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return bad ? ExitCode.BAD_INPUT : ExitCode.INTERNAL_ERROR;
    }
}
