package dev.convoy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's own identity, for provenance and {@code --version}. */
public final class Convoy {
    /** The Maven version this build was made from, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = readVersion();

    private Convoy() {
    }

    private static String readVersion() {
        try (InputStream in = Convoy.class.getResourceAsStream("convoy.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "development" : v;
        } catch (IOException e) {
            return "development";
        }
    }
}
