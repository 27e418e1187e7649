package dev.palisade.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A request path that reads as one path to Palisade and may read as another to whatever gets it next:
 * a dot segment (plain or encoded), an encoded slash, backslash or NUL, an escape that is not one, an
 * escaped letter, digit, {@code -}, {@code .} or {@code _}, or a {@code ;} parameter (Jetty routes {@code /health;x} as {@code /health}; Express, Flask and Go read
 * the {@code ;} as part of the segment).
 * Jetty routes on the path with dot segments removed; a gateway's decision and an upstream that gets
 * the path as sent must not see another.
 */
public final class AmbiguousPath {

    private AmbiguousPath() {}

    public static boolean is(String rawPath) {
        if (rawPath == null) return true;
        // the common path has no dot segment and no escape: answered without a copy
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf('\\') < 0 && rawPath.indexOf("/.") < 0 && !rawPath.startsWith(".")
                && rawPath.indexOf(';') < 0) {
            return false;
        }
        if (rawPath.contains("\\") || rawPath.indexOf(';') >= 0) return true;
        if (escapesAnUnreservedCharacter(rawPath)) return true;
        for (String segment : rawPath.split("/", -1)) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")
                    || decoded.contains("\0")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an escape stands for a letter, a digit, {@code -}, {@code .} or {@code _}, which no browser or
     * encoder escapes (RFC 3986 §2.3): Palisade reads {@code /api/%63art} as {@code /api/cart}, Express and
     * others route it as another path (a 404), so a rule's look at the cart could be a call to nothing.
     * ({@code ~} is left alone: Java's URLEncoder, JavaScript's escape() and PHP's urlencode escape it.)
     */
    private static boolean escapesAnUnreservedCharacter(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length(); i = rawPath.indexOf('%', i + 1)) {
            int hi = Character.digit(rawPath.charAt(i + 1), 16);
            int lo = Character.digit(rawPath.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) continue; // a bad escape: refused below
            char c = (char) (hi * 16 + lo);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
                return true;
            }
        }
        return false;
    }
}
