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

    /** Lower-case names the checks ask for, with Jetty's constant for each it knows (absent: none). */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<HttpHeader>> KNOWN =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Names are kept until there are this many; past it (a policy naming headers without end), looked up each time. */
    private static final int MOST_KNOWN = 256;

    private static HttpHeader known(String name) {
        java.util.Optional<HttpHeader> known = KNOWN.get(name);
        if (known == null) {
            known = java.util.Optional.ofNullable(HttpHeader.CACHE.get(name));
            if (KNOWN.size() < MOST_KNOWN) KNOWN.putIfAbsent(name, known);
        }
        return known.orElse(null);
    }

    /** A field of {@code fields} as RFC 9421 covers it: every value trimmed and joined with ", "; null when absent. */
    public static String field(HttpFields fields, String name) {
        // a name Jetty knows is matched by its constant, which Jetty's parser set on the field: no compare of text
        HttpHeader known = known(name);
        String first = null;
        StringBuilder joined = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField field = fields.getField(i);
            HttpHeader header = field.getHeader();
            boolean match = header != null && header == known
                    || header == null && field.getName().length() == name.length() && field.is(name);
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
