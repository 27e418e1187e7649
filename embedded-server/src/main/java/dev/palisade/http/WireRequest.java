package dev.palisade.http;

import dev.palisade.engine.signature.SignedMessage;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.List;
import java.util.Locale;

/** A Jetty request as RFC 9421 sees it: the target and fields exactly as sent. */
final class WireRequest implements SignedMessage {

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

    @Override
    public String header(String name) {
        List<String> values = request.getHeaders().getValuesList(name);
        if (values.isEmpty()) return null;
        if (values.size() == 1) return values.get(0).trim();
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            if (b.length() > 0) b.append(", ");
            b.append(v.trim());
        }
        return b.toString();
    }
}
