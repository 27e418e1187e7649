package dev.palisade.engine.fingerprint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's traits that should not change within a session: User-Agent, its network (IP under
 * a mask), Accept-Language and configured headers, by component name ({@code userAgent}, {@code ip},
 * {@code acceptLanguage}, {@code header:<name>}). Raw values, so the operator sees what changed.
 *
 * <p>Kept as two arrays, names and values in order, rather than a map: every live session holds
 * one, and a {@code LinkedHashMap} of three entries costs about 250 bytes more (BENCHMARKS.md, section 3).
 */
public final class Fingerprint {

    public static final Fingerprint NONE = new Fingerprint(Map.of());

    /**
     * The names of the fingerprint made last: every session captured under one policy has the same
     * names, so they share one array (32 B a session) instead of each holding its own.
     */
    private static volatile String[] lastNames = new String[0];

    private final String[] names;
    private final String[] values;

    /** The components in the map's order. */
    public Fingerprint(Map<String, String> components) {
        String[] n = new String[components.size()];
        values = new String[components.size()];
        int i = 0;
        for (Map.Entry<String, String> e : components.entrySet()) {
            n[i] = e.getKey();
            values[i++] = e.getValue();
        }
        names = shared(n);
    }

    /** Names and values side by side; the values become this fingerprint's own, the names may be shared. */
    Fingerprint(String[] names, String[] values) {
        if (names.length != values.length) throw new IllegalArgumentException("a value for each name");
        this.names = shared(names);
        this.values = values;
    }

    /** The array of the last fingerprint's names if these are the same names, else these (shared from now on). */
    private static String[] shared(String[] names) {
        String[] last = lastNames;
        if (Arrays.equals(last, names)) return last;
        lastNames = names;
        return names;
    }

    /** The components by name, in order (a new map: for comparing and showing, not the request path). */
    public Map<String, String> components() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], values[i]);
        return Collections.unmodifiableMap(m);
    }

    public int size() { return names.length; }

    public String name(int index) { return names[index]; }

    public String value(int index) { return values[index]; }

    /** One line per component, in a fixed order: what the salted hash is taken over. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            b.append(names[i]).append('=').append(values[i].replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && Arrays.equals(names, f.names) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(names) + Arrays.hashCode(values); }

    @Override
    public String toString() { return components().toString(); }
}
