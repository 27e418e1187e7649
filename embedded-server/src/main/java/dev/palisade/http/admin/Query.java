package dev.palisade.http.admin;

import dev.palisade.http.HttpProblem;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed access to query parameters; a malformed value is a 400 naming the parameter. The query is
 * decoded here, strictly: a parameter whose percent-encoded bytes are not UTF-8 is named in the 400
 * (Jetty's own decoder only says "bad query", and did so as a 500).
 */
final class Query {

    private final Map<String, String> fields = new HashMap<>();

    Query(Request request) {
        String raw = request.getHttpURI().getQuery();
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName, "a parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            // which of two counts would be up to each reader: ?ring=jwt&ring=fingerprint rotated the first
            if (fields.putIfAbsent(name, value) != null) throw HttpProblem.field(name, "is given twice");
        }
    }

    /** An ASCII hex digit's value, else -1 ({@code Character.digit} also reads fullwidth and other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Percent-decoding ({@code +} is a space) into strict UTF-8. */
    private static String decode(String text, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < text.length() ? hex(text.charAt(i + 1)) : -1;
                int lo = i + 2 < text.length() ? hex(text.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) throw HttpProblem.field(field, "has a malformed percent-encoding");
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '\uFFFD') {
                // Jetty reads raw bytes that are not UTF-8 as U+FFFD (a raw U+FFFD is refused too: send it escaped)
                throw HttpProblem.field(field, "is not valid UTF-8");
            } else {
                // a whole character: one outside the BMP is two UTF-16 units, each alone encoded as '?'
                int width = Character.charCount(text.codePointAt(i));
                byte[] b = text.substring(i, i + width).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += width - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.field(field, "is not valid UTF-8 once percent-decoded");
        }
    }

    /** The parameters' names, decoded. */
    java.util.Set<String> names() { return fields.keySet(); }

    String text(String name) {
        String v = fields.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * An address to match as the server stores one ({@code InetAddress#getHostAddress}): {@code ::1} is
     * {@code 0:0:0:0:0:0:0:1}, {@code 2001:DB8::1} is {@code 2001:db8:0:0:0:0:0:1}, {@code ::ffff:192.0.2.7} is
     * {@code 192.0.2.7}. What is no literal (a range, a name, a typo) is a 400 naming the field: matched as given, it
     * found nothing, and the operator read "no events from there" (an outside test, session 53).
     */
    String address(String name) {
        String v = text(name);
        if (v == null) return null;
        java.net.InetAddress literal = dev.palisade.engine.IpLiteral.parse(v.strip());
        if (literal == null) throw HttpProblem.field(name, "must be one address, IPv4 or IPv6 (not a range or a name)");
        return literal.getHostAddress();
    }

    int integer(String name, int defaultValue, int min, int max) {
        Long v = whole(name);
        if (v == null) return defaultValue;
        if (v < min || v > max) throw HttpProblem.field(name, "must be between " + min + " and " + max);
        return v.intValue();
    }

    private static final java.util.regex.Pattern ASCII_WHOLE = java.util.regex.Pattern.compile("-?[0-9]{1,19}");

    private Long whole(String name) {
        String v = text(name);
        if (v == null) return null;
        // ASCII digits after an optional minus: parseLong also reads "+5" and other scripts' digits
        if (!ASCII_WHOLE.matcher(v).matches()) throw HttpProblem.field(name, "must be a whole number");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpProblem.field(name, "must be a whole number");
        }
    }

    /** An id, 1 or more; null when absent. */
    Long id(String name) {
        Long v = whole(name);
        if (v != null && v < 1) throw HttpProblem.field(name, "must be 1 or more");
        return v;
    }

    /** The last millisecond of 9999-12-31 (UTC): later, or before 1970, is no time a range means. */
    static final long LAST_TIME = 253_402_300_799_999L;

    /**
     * A time in milliseconds since 1970, from 0 to {@link #LAST_TIME}; null when absent. Bounded so
     * that spans and steps over a range cannot wrap around a {@code long}.
     */
    Long time(String name) {
        Long t = whole(name);
        if (t == null) return null;
        if (t < 0 || t > LAST_TIME) {
            throw HttpProblem.field(name, "must be a time in milliseconds since 1970, from 0 to " + LAST_TIME);
        }
        return t;
    }
}
