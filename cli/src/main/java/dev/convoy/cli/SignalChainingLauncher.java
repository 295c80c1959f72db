package dev.convoy.cli;

import dev.convoy.opencl.runtime.SignalChaining;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts convoy again with the JVM's signal-chaining library preloaded when it was launched without it
 * ({@code java -jar convoy.jar ...}); see {@link SignalChaining} for why OpenCL needs it. The {@code convoy}
 * script preloads it, so it never pays for the second start. {@code CONVOY_SIGNAL_CHAINING=off} disables
 * the relaunch.
 */
final class SignalChainingLauncher {
    private static final String MARK = "CONVOY_SIGNAL_CHAINING";

    private SignalChainingLauncher() {
    }

    /**
     * @param args the command line
     * @return the relaunched process's exit code, or empty when this JVM should run the command itself
     */
    static Optional<Integer> relaunch(String[] args) {
        Optional<Path> lib = SignalChaining.library();
        Optional<String> java = ProcessHandle.current().info().command();
        if (SignalChaining.active() || lib.isEmpty() || java.isEmpty() || System.getenv(MARK) != null) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        String preload = System.getenv("LD_PRELOAD");
        pb.environment().put("LD_PRELOAD", lib.get() + (preload == null || preload.isEmpty() ? "" : ":" + preload));
        pb.environment().put(MARK, "relaunched");
        try {
            Process p = pb.start();
            return Optional.of(p.waitFor());
        } catch (IOException e) {
            return Optional.empty(); // run unprotected rather than not at all; OpenClContext warns
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ExitCode.INTERNAL_ERROR);
        }
    }
}
