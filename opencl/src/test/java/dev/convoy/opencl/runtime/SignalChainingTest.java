package dev.convoy.opencl.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The test JVMs run with the JVM's signal-chaining library, as the build configures (root pom, surefire
 * LD_PRELOAD): without it a cold PoCL kernel cache crashed test JVMs (SIGSEGV, no hs_err file) in about one
 * run in four, and builds failed with "unable to rename temporary" while other Java threads ran.
 */
class SignalChainingTest {
    @Test
    void libjsigIsLoadedInTestJvms() {
        assertTrue(SignalChaining.library().isEmpty() || SignalChaining.active(),
                "this JVM has " + SignalChaining.library().orElseThrow() + " but it is not preloaded");
    }
}
