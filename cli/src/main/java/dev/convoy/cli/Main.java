package dev.convoy.cli;

import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.eval.NonFiniteException;
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
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the estimates made before allocating missed a case: still one line, never a trace
            cl.getErr().println("convoy: " + (e instanceof OutOfMemoryError ? "out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB heap)" : "the model is nested too deeply to process") + "; try a smaller --batch or --limit, or give the JVM"
                    + " more memory (CONVOY_JAVA_OPTS=-Xmx…)");
            code = ExitCode.BAD_INPUT;
        }
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
            err.println("convoy: " + Printable.line(ex.getMessage()));
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
        boolean bad = t instanceof BadInputException;
        if (t instanceof NonFiniteException) {
            err.println("convoy: check failed: " + Printable.line(t.getMessage()));
        } else if (bad) {
            err.println("convoy: " + Printable.line(t.getMessage()));
        } else {
            err.println("convoy: internal error: " + Printable.line(t.toString()) + " (rerun with --verbose for details)");
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return t instanceof NonFiniteException ? ExitCode.CHECK_FAILED : bad ? ExitCode.BAD_INPUT : ExitCode.INTERNAL_ERROR;
    }
}
