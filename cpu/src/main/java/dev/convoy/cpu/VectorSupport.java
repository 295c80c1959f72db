package dev.convoy.cpu;

/**
 * Whether the Vector API can be used: it is the incubator module {@code jdk.incubator.vector} on Java 17, resolved
 * only when the JVM is started with {@code --add-modules jdk.incubator.vector}. Check before touching
 * {@link CpuBackend}; without it, run the reference.
 */
public final class VectorSupport {
    private VectorSupport() {
    }

    /** @return whether {@code jdk.incubator.vector} is in the boot layer */
    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** @return why the fast engine is not available, one line, for notes */
    public static String missing() {
        return "the JVM was started without --add-modules jdk.incubator.vector (the Vector API the fast CPU engine uses)";
    }
}
