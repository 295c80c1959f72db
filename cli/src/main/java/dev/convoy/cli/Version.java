package dev.convoy.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development" when run from classes). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"convoy " + (v == null ? "development" : v) + " (Java " + System.getProperty("java.version") + ")"};
    }
}
