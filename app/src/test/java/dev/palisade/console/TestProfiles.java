package dev.palisade.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;

/** Profiles for a test: preferences in memory and tokens in a temporary folder, so no test writes into the user's own. */
public final class TestProfiles {

    private TestProfiles() {}

    public static Profiles fresh() {
        return over(new MemoryPreferences(null, ""));
    }

    /** One folder for every test of the run, deleted when the tests' JVM ends. */
    private static final java.nio.file.Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("palisade-tokens");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var all = Files.walk(ROOT)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder: the system's cleaner takes what is left
            }
        }));
    }

    public static Profiles over(Preferences node) {
        try {
            return new Profiles(node, Files.createTempDirectory(ROOT, "tokens"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Preferences held in memory, for this process only. */
    public static final class MemoryPreferences extends AbstractPreferences {
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, MemoryPreferences> children = new HashMap<>();

        public MemoryPreferences(MemoryPreferences parent, String name) { super(parent, name); }

        @Override protected void putSpi(String key, String value) { values.put(key, value); }
        @Override protected String getSpi(String key) { return values.get(key); }
        @Override protected void removeSpi(String key) { values.remove(key); }
        @Override protected void removeNodeSpi() { if (parent() != null) ((MemoryPreferences) parent()).children.remove(name()); }
        @Override protected String[] keysSpi() { return values.keySet().toArray(String[]::new); }
        @Override protected String[] childrenNamesSpi() { return children.keySet().toArray(String[]::new); }
        @Override protected AbstractPreferences childSpi(String name) {
            return children.computeIfAbsent(name, n -> new MemoryPreferences(this, n));
        }
        @Override protected void syncSpi() { }
        @Override protected void flushSpi() { }
    }
}
