package dev.palisade.http.proxy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How an upstream page's bytes become text for Palisade's markup and back. A page is written in the
 * charset it came in, so its Content-Type and {@code <meta charset>} stay true and its forms post to
 * the app in the encoding the app expects; the markup is ASCII, which every web charset can hold.
 *
 * @param charset     what the page is read and written in
 * @param contentType the Content-Type to send with the rewritten page
 */
record PageEncoding(Charset charset, String contentType) {

    /**
     * A BOM decides first, as in a browser; then the charset the Content-Type names. With none named, or
     * one Java does not know, the page is read as ISO-8859-1, which maps each byte to one character and
     * back: its bytes pass unchanged around the markup, and the browser reads them as it would have (by
     * their {@code <meta charset>} or its default), where reading them as UTF-8 would spoil any other.
     * A charset that can only be read (such as ISO-2022-CN) is written as UTF-8, and the header says so.
     */
    static PageEncoding of(String contentType, byte[] page) {
        Charset bom = bom(page);
        if (bom != null) return new PageEncoding(bom, contentType);
        Charset named = named(contentType);
        if (named == null) return new PageEncoding(StandardCharsets.ISO_8859_1, contentType);
        if (named.canEncode()) return new PageEncoding(named, contentType);
        return new PageEncoding(StandardCharsets.UTF_8, "text/html; charset=utf-8");
    }

    String decode(byte[] page) {
        return new String(page, charset);
    }

    byte[] encode(String page) {
        return page.getBytes(charset);
    }

    /** Whether the Content-Type names HTML: {@code text/html}, whatever its parameters. */
    static boolean isHtml(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.trim().equalsIgnoreCase("text/html");
    }

    /** The Content-Type's {@code charset} parameter as a charset Java knows, or null. */
    static Charset named(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) continue;
            String name = p.substring(eq + 1).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) name = name.substring(1, name.length() - 1);
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException unknown) { // illegal or unsupported names alike
                return null;
            }
        }
        return null;
    }

    private static Charset bom(byte[] page) {
        if (page.length >= 3 && (page[0] & 0xff) == 0xEF && (page[1] & 0xff) == 0xBB && (page[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8; // read as U+FEFF, kept first by the markup's insertion and written back
        }
        if (page.length >= 2 && ((page[0] & 0xff) == 0xFE && (page[1] & 0xff) == 0xFF
                || (page[0] & 0xff) == 0xFF && (page[1] & 0xff) == 0xFE)) {
            return StandardCharsets.UTF_16; // the BOM read tells the byte order; written big-endian, with its BOM
        }
        return null;
    }
}
