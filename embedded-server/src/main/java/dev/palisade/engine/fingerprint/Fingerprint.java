package dev.palisade.engine.fingerprint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's traits that should not change within a session: User-Agent, its network (IP under
 * a mask), Accept-Language and configured headers, by component name ({@code userAgent}, {@code ip},
 * {@code acceptLanguage}, {@code header:<name>}). Raw values, so the operator sees what changed.
 */
public record Fingerprint(Map<String, String> components) {

    public static final Fingerprint NONE = new Fingerprint(Map.of());

    public Fingerprint {
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** One line per component, in a fixed order: what the salted hash is taken over. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : components.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue().replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }
}
