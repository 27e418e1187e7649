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
 * <p>Kept as names and values in order rather than a map: every live session holds one, and a
 * {@code LinkedHashMap} of three entries costs about 250 bytes more (BENCHMARKS.md, section 3).
 */
public final class Fingerprint {

    public static final Fingerprint NONE = new Fingerprint(Map.of());

    /**
     * The names of the fingerprint made last: every session captured under one policy has the same
     * names, so they share one array (32 B a session) instead of each holding its own.
     */
    private static volatile String[] lastNames = new String[0];

    private static final String[] NO_MORE = new String[0];
    /** Values held in fields: the default policy compares three components. */
    private static final int INLINE = 3;

    private final String[] names;
    /*
     * The first three values are fields and any further ones an array, so a session's fingerprint is
     * one object of 32 B rather than one of 24 and an array of 32 (BENCHMARKS.md 2g).
     */
    private final String value0;
    private final String value1;
    private final String value2;
    private final String[] moreValues;

    /** The components in the map's order. */
    public Fingerprint(Map<String, String> components) {
        this(components.entrySet().stream().map(Map.Entry::getKey).toArray(String[]::new),
                components.entrySet().stream().map(Map.Entry::getValue).toArray(String[]::new));
    }

    /** Names and values side by side; the names may be shared with other fingerprints, the values are copied. */
    Fingerprint(String[] names, String[] values) {
        if (names.length != values.length) throw new IllegalArgumentException("a value for each name");
        this.names = shared(names);
        value0 = values.length > 0 ? values[0] : null;
        value1 = values.length > 1 ? values[1] : null;
        value2 = values.length > 2 ? values[2] : null;
        moreValues = values.length > INLINE ? Arrays.copyOfRange(values, INLINE, values.length) : NO_MORE;
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
        for (int i = 0; i < names.length; i++) m.put(names[i], value(i));
        return Collections.unmodifiableMap(m);
    }

    public int size() { return names.length; }

    public String name(int index) { return names[index]; }

    public String value(int index) {
        java.util.Objects.checkIndex(index, names.length);
        return switch (index) {
            case 0 -> value0;
            case 1 -> value1;
            case 2 -> value2;
            default -> moreValues[index - INLINE];
        };
    }

    /** One line per component, in a fixed order: what the salted hash is taken over. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            b.append(names[i]).append('=').append(value(i).replace('\n', ' ')).append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fingerprint f) || !Arrays.equals(names, f.names)) return false;
        for (int i = 0; i < names.length; i++) {
            if (!java.util.Objects.equals(value(i), f.value(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.length; i++) h = 31 * h + java.util.Objects.hashCode(value(i));
        return 31 * Arrays.hashCode(names) + h;
    }

    @Override
    public String toString() { return components().toString(); }
}
