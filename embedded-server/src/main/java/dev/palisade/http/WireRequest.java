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

    /** The field's values trimmed and joined with ", ", read in place (no list per call); null when absent. */
    @Override
    public String header(String name) { return field(request.getHeaders(), name); }

    /** A field of {@code fields} as RFC 9421 covers it: every value trimmed and joined with ", "; null when absent. */
    public static String field(HttpFields fields, String name) {
        String first = null;
        StringBuilder joined = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField field = fields.getField(i);
            if (!field.is(name)) continue;
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
