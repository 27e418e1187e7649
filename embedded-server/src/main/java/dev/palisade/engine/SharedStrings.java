package dev.palisade.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the strings many sessions repeat (a browser's User-Agent, an address's network, an
 * Accept-Language), instead of one per session. Bounded: when {@link #CAPACITY} strings are held it
 * starts over, so churn or junk cannot grow it; strings shared before stay shared.
 */
public final class SharedStrings {

    static final int CAPACITY = 16_384;
    static final int LONGEST = 512;
    private static final ConcurrentHashMap<String, String> COPIES = new ConcurrentHashMap<>();

    private SharedStrings() {}

    /** The shared copy equal to {@code s}, which becomes it if there is none; null and long strings as given. */
    public static String share(String s) {
        if (s == null || s.length() > LONGEST) return s;
        String copy = COPIES.get(s);
        if (copy != null) return copy;
        if (COPIES.size() >= CAPACITY) COPIES.clear();
        copy = COPIES.putIfAbsent(s, s);
        return copy == null ? s : copy;
    }

    static int size() { return COPIES.size(); }
}
