package dev.palisade.http.proxy;

import java.nio.charset.StandardCharsets;

/**
 * A request target as it may go on to an upstream. A client may send a query with raw UTF-8 bytes
 * (curl does; RFC 3986 does not allow them): Jetty reads them as text, and its HTTP client writes that
 * text out as Latin-1, so {@code é} reached the upstream as one byte and {@code €} as {@code ?}. Such
 * characters are percent-encoded as their UTF-8 bytes here, which every upstream decodes to what the
 * client sent; an all-ASCII target, nearly every one, is returned as it is.
 */
final class AsciiTarget {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AsciiTarget() {}

    static String of(String target) {
        if (target == null) return null;
        int first = firstNonAscii(target);
        if (first < 0) return target;
        StringBuilder out = new StringBuilder(target.length() + 16).append(target, 0, first);
        for (int i = first; i < target.length(); ) {
            int c = target.codePointAt(i);
            int width = Character.charCount(c);
            if (c < 0x80) {
                out.append((char) c);
            } else {
                for (byte b : target.substring(i, i + width).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
            i += width;
        }
        return out.toString();
    }

    private static int firstNonAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) return i;
        }
        return -1;
    }
}
