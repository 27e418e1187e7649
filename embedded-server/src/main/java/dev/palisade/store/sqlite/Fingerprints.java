package dev.palisade.store.sqlite;

import dev.palisade.engine.fingerprint.Fingerprint;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads back {@link Fingerprint#canonical()}: one {@code name=value} line per component. */
final class Fingerprints {

    private Fingerprints() {}

    static Fingerprint parse(String canonical) {
        if (canonical == null || canonical.isEmpty()) return Fingerprint.NONE;
        Map<String, String> components = new LinkedHashMap<>();
        for (String line : canonical.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) components.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Fingerprint(components);
    }
}
