package dev.convoy.cli;

import dev.convoy.Convoy;
import picocli.CommandLine.IVersionProvider;

/** Reports the library version ({@link Convoy#VERSION}, the one provenance records) and the Java running it. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"convoy " + Convoy.VERSION + " (Java " + System.getProperty("java.version") + ")"};
    }
}
