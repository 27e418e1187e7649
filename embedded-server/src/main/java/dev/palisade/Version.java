package dev.palisade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** This build's version, from the Maven project (a filtered resource); shown to operators per cluster node. */
public final class Version {

    public static final String CURRENT = read();

    private Version() {}

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
            if (in == null) return "unknown";
            String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
