package dev.palisade.http;

/**
 * A query with a {@code %} that is not followed by two hex digits. Jetty's HTTP client decodes the
 * query it forwards and fails on one when the request is sent, which would read as the upstream being
 * down; an upstream would refuse it too (RFC 3986 has no such escape).
 */
public final class BrokenEscapes {

    private BrokenEscapes() {}

    public static boolean in(String rawQuery) {
        if (rawQuery == null) return false;
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (i + 2 >= rawQuery.length() || !hex(rawQuery.charAt(i + 1)) || !hex(rawQuery.charAt(i + 2))) return true;
        }
        return false;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
