package dev.palisade.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A request path that reads as one path to Palisade and may read as another to whatever gets it next:
 * a dot segment (plain or encoded), an encoded slash, backslash or NUL, an escape that is not one, or
 * a {@code ;} parameter (Jetty routes {@code /health;x} as {@code /health}; Express, Flask and Go read
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
}
