package dev.palisade.http;

import dev.palisade.engine.signature.SignedMessage;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.Locale;

/** A Jetty request as RFC 9421 sees it: the target and fields exactly as sent. */
public final class WireRequest implements SignedMessage {

    private final Request request;

    WireRequest(Request request) {
        this.request = request;
    }

    @Override
    public String method() { return request.getMethod(); }

    @Override
    public String authority() {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) host = request.getHttpURI().getAuthority();
        if (host == null) return "";
        host = host.trim().toLowerCase(Locale.ROOT);
        boolean secure = request.isSecure();
        if (!secure && host.endsWith(":80")) return host.substring(0, host.length() - 3);
        if (secure && host.endsWith(":443")) return host.substring(0, host.length() - 4);
        return host;
    }

    @Override
    public String path() {
        String p = request.getHttpURI().getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    @Override
    public String query() { return request.getHttpURI().getQuery(); }

    /**
     * The last fields asked for, by the name's instance: the checks ask for the same constants
     * ("signature" twice, for one) and each lookup walks every field of the request.
     */
    private final String[] askedNames = new String[4];
    private final String[] askedValues = new String[4];
    private int asked;

    /** The field's values trimmed and joined with ", ", read in place (no list per call); null when absent. */
    @Override
    public String header(String name) {
        int kept = Math.min(asked, askedNames.length);
        for (int i = 0; i < kept; i++) {
            if (askedNames[i] == name) return askedValues[i];
        }
        String value = field(request.getHeaders(), name);
        int slot = asked++ % askedNames.length;
        askedNames[slot] = name;
        askedValues[slot] = value;
        return value;
    }

    /** Every name Jetty has a constant for, in lower case: fixed, so nothing a client sends adds to it. */
    private static final java.util.Map<String, HttpHeader> KNOWN = java.util.Arrays.stream(HttpHeader.values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(h -> h.asString().toLowerCase(java.util.Locale.ROOT),
                    h -> h, (a, b) -> a));

    /** Whether every character is ASCII and none is an upper-case letter. */
    private static boolean lowerAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 0x80) return false;
        }
        return true;
    }

    /**
     * How a name is matched: by Jetty's constant, which Jetty's parser set on the field (no compare of
     * text); a lower-case ASCII name is one of those constants' or none; any other (signature components
     * are the client's choice) is compared with every field, as Jetty's own case-blind compare does.
     */
    private record Name(String text, HttpHeader known, boolean everyField) {}

    /**
     * Names asked lately, in one of the two places of their hash's pair: the checks ask for the same
     * few names on every call, and a name found here is not looked up in {@link #KNOWN} and scanned
     * again. Fixed in size, so names a client sends can take a place but not add one (and only names
     * of at most 64 characters are kept, so a place holds no large text). Read and written without a
     * lock: a {@code Name} is immutable, so a thread sees either a whole one or none.
     */
    private static final Name[] NAMES = new Name[64];

    private static Name name(String text) {
        int first = text.hashCode() & (NAMES.length - 1);
        int second = first ^ 1;
        Name a = NAMES[first];
        if (a != null && (a.text() == text || a.text().equals(text))) return a;
        Name b = NAMES[second];
        if (b != null && (b.text() == text || b.text().equals(text))) return b;
        HttpHeader known = KNOWN.get(text);
        Name made = new Name(text, known, known == null && !lowerAscii(text));
        if (text.length() <= 64) NAMES[a == null || b != null ? first : second] = made;
        return made;
    }

    /**
     * The request's one {@code User-Agent}, or null. RFC 9110 has one per request: with two, the blacklist read the first
     * while the fingerprint and the upstream saw both, so {@code Mozilla/5.0} before {@code sqlmap/1.7} passed the
     * sqlmap entry (audit path57 L3).
     *
     * @throws HttpProblem {@code bad_request} for a request with two or more
     */
    public static String userAgent(Request request) {
        HttpFields fields = request.getHeaders();
        String found = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField f = fields.getField(i);
            if (f.getHeader() != HttpHeader.USER_AGENT) continue;
            if (found != null) throw HttpProblem.badRequest("one User-Agent, not two or more");
            found = f.getValue();
        }
        return found;
    }

    /** A field of {@code fields} as RFC 9421 covers it: every value trimmed and joined with ", "; null when absent. */
    public static String field(HttpFields fields, String text) {
        if (text == null) return null;
        Name name = name(text);
        HttpHeader known = name.known();
        boolean everyField = name.everyField();
        String first = null;
        StringBuilder joined = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField field = fields.getField(i);
            HttpHeader header = field.getHeader();
            boolean match = everyField ? field.is(text)
                    : header != null ? header == known : field.getName().length() == text.length() && field.is(text);
            if (!match) continue;
            String value = field.getValue() == null ? "" : field.getValue().trim();
            if (first == null) {
                first = value;
            } else {
                if (joined == null) joined = new StringBuilder(first);
                joined.append(", ").append(value);
            }
        }
        return joined != null ? joined.toString() : first;
    }
}
