package dev.convoy.opencl.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the JVM's signal-chaining library ({@code libjsig.so}) is loaded.
 *
 * <p>OpenCL drivers that compile in-process (PoCL, and vendor drivers built on LLVM) install LLVM's
 * handlers for SIGSEGV, SIGBUS, SIGFPE and others. The JVM itself raises SIGSEGV routinely (implicit null
 * checks, safepoint polls); with LLVM's handler in front, such a signal deletes the compiler's temporary
 * files (a build fails with "unable to rename temporary ... No such file or directory") or, once LLVM has
 * restored the default action, kills the process with no error report. Preloading libjsig keeps the JVM's
 * handlers first and chains the driver's behind them — the JVM's documented remedy for native code that
 * installs signal handlers. The {@code convoy} launcher and the test JVMs preload it.
 */
public final class SignalChaining {
    private SignalChaining() {
    }

    /** @return true when libjsig is mapped into this process (or the platform is not Linux) */
    public static boolean active() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return true; // not Linux: nothing to check, nothing to preload
        }
        try {
            return Files.readString(maps).contains("libjsig");
        } catch (IOException e) {
            return true;
        }
    }

    /** @return this JVM's libjsig, when it has one */
    public static Optional<Path> library() {
        Path lib = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        return Files.isRegularFile(lib) ? Optional.of(lib) : Optional.empty();
    }

    private static volatile boolean warned;

    /** Warns once on stderr when OpenCL is used without signal chaining. */
    static void warnIfInactive() {
        if (!warned && !active()) {
            warned = true;
            System.err.println("convoy: warning: the JVM runs without libjsig (LD_PRELOAD="
                    + library().map(Path::toString).orElse("$JAVA_HOME/lib/libjsig.so")
                    + "); an OpenCL compiler's signal handlers may then fail kernel builds or crash the JVM");
        }
    }
}
