package dev.palisade.http.decide;

import dev.palisade.http.AmbiguousPath;
import dev.palisade.http.HttpProblem;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

import java.util.Locale;

/**
 * The call a gateway asks about, read from the headers it sends with its decision request:
 * {@code X-Forwarded-Method} and {@code X-Forwarded-Uri} (Caddy's {@code forward_auth}, Traefik's
 * {@code ForwardAuth}) or {@code X-Original-Method} and {@code X-Original-URI} (nginx's
 * {@code auth_request}, as the shipped configuration sets them). The URI is the request target as
 * the client sent it (origin form: path and query); one Jetty would refuse on its own listener
 * (dot segments, encoded slashes, bad escapes) is refused here too.
 *
 * @param method    the client's method
 * @param uri       the client's request target, parsed
 * @param path      its decoded, normalised path (what routes, scopes and rules match)
 * @param scheme    {@code https} when the gateway says so in {@code X-Forwarded-Proto}, else {@code http}
 * @param authority the host the client asked for: {@code X-Forwarded-Host}, else {@code Host}, lower case,
 *                  without the scheme's default port
 */
record ForwardedCall(String method, HttpURI uri, String path, String scheme, String authority) {

    static final String[] METHOD_HEADERS = {"X-Forwarded-Method", "X-Original-Method"};
    static final String[] URI_HEADERS = {"X-Forwarded-Uri", "X-Original-URI"};
    static final int MAX_URI = 4 * 1024; // within the 8 KiB Jetty allows for all request headers

    static ForwardedCall of(Request request) {
        HttpFields headers = request.getHeaders();
        String method = named(headers, METHOD_HEADERS, "method");
        String target = named(headers, URI_HEADERS, "URI");
        if (method == null || target == null) {
            throw HttpProblem.badRequest("a decision request names the client's call in X-Forwarded-Method and"
                    + " X-Forwarded-Uri (or X-Original-Method and X-Original-URI); "
                    + (method == null ? "the method" : "the URI") + " is missing");
        }
        if (!dev.palisade.http.ProtectHandler.isUpperCaseMethod(method)) throw HttpProblem.badRequest("the forwarded method is not an HTTP method: " + visible(method));
        if (target.isEmpty() || target.charAt(0) != '/' || target.length() > MAX_URI) {
            throw HttpProblem.badRequest("the forwarded URI must be a path (and query) starting with /, at most " + MAX_URI + " characters");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // a URI is ASCII (a browser sends é as %C3%A9): raw bytes were signed upstream as the gateway
                // passed them, which one app server reads back otherwise (Werkzeug) and refused after the decision
                throw HttpProblem.badRequest("the forwarded URI holds a character that is not printable ASCII:"
                        + " percent-encode it (é as %C3%A9)");
            }
        }
        HttpURI uri;
        try {
            uri = HttpURI.from(target);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("the forwarded URI cannot be parsed: " + e.getMessage());
        }
        String path = uri.getCanonicalPath();
        if (uri.hasViolations() || uri.hasAuthority() || path == null || AmbiguousPath.is(uri.getPath())) {
            throw HttpProblem.badRequest("the forwarded URI is ambiguous (dot segments, encoded separators or bad escapes)");
        }
        if (dev.palisade.http.BrokenEscapes.in(uri.getQuery())) {
            // as the API listener refuses it: one app reads "%zz" as itself, another as an error or as nothing
            throw HttpProblem.badRequest("the forwarded URI's query has a % that is not followed by two hex digits");
        }
        String proto = single(headers, "X-Forwarded-Proto");
        String scheme = proto != null && proto.trim().equalsIgnoreCase("https") ? "https" : "http";
        String host = single(headers, "X-Forwarded-Host");
        if (host == null || host.isBlank()) host = headers.get(org.eclipse.jetty.http.HttpHeader.HOST);
        String authority = authority(host, scheme);
        if (!isAuthority(authority)) {
            throw HttpProblem.badRequest("the host the call was made to (X-Forwarded-Host, else Host) must be a host name"
                    + " or address and an optional port: " + visible(authority));
        }
        return new ForwardedCall(method, uri, path.isEmpty() ? "/" : path, scheme, authority);
    }

    /**
     * A header the signature's {@code @target-uri} rests on, given once and as one value: a gateway that appends its
     * value to the client's (a second line, or {@code client, gateway}) would have the client's, the first, signed
     * (fuzz58), as for the method and the URI. Null when absent.
     */
    private static String single(HttpFields headers, String name) {
        java.util.List<HttpField> fields = headers.getFields(name);
        if (fields.isEmpty()) return null;
        String value = fields.get(0).getValue();
        if (fields.size() > 1 || value != null && value.indexOf(',') >= 0) {
            throw HttpProblem.badRequest("the decision request gives " + name + " more than once (a client's own header"
                    + " reached the decision): the gateway must replace it, not add to it");
        }
        return value;
    }

    /** {@code host[:port]} as a URI's authority has it (a name, an IPv4 or a bracketed IPv6 address), nothing else. */
    static boolean isAuthority(String authority) {
        if (authority.isEmpty() || authority.length() > 255) return false;
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '['
                    || c == ']' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    /** The target URI the client asked for: what the upstream signature's {@code @target-uri} covers. */
    String targetUri() {
        String query = uri.getQuery();
        return scheme + "://" + authority + uri.getPath() + (query == null ? "" : "?" + query);
    }

    /**
     * The value the gateway gave under either name, or null. A gateway sets one pair and passes the
     * client's other headers on (nginx's {@code auth_request} passes a client's {@code X-Forwarded-Method}),
     * so when both names carry a value they must agree: otherwise the client would choose the call decided.
     */
    private static String named(HttpFields headers, String[] names, String what) {
        String found = null;
        for (String name : names) {
            java.util.List<HttpField> fields = headers.getFields(name);
            if (fields.size() > 1) {
                // a gateway that adds its value after the client's would have the first copy, the client's, decided
                throw HttpProblem.badRequest("the decision request gives " + name + " more than once (a client's own"
                        + " header reached the decision): the gateway must replace it, not add to it");
            }
            HttpField field = fields.isEmpty() ? null : fields.get(0);
            if (field == null || field.getValue() == null || field.getValue().isBlank()) continue;
            String value = field.getValue().trim();
            if (found != null && !found.equals(value)) {
                throw HttpProblem.badRequest("the decision request names two different calls: " + names[0] + " and "
                        + names[1] + " give another " + what + " (a client's own header reached the decision)");
            }
            found = value;
        }
        return found;
    }

    static String authority(String host, String scheme) {
        if (host == null) return "";
        String h = host.trim().toLowerCase(Locale.ROOT);
        if ("http".equals(scheme) && h.endsWith(":80")) return h.substring(0, h.length() - 3);
        if ("https".equals(scheme) && h.endsWith(":443")) return h.substring(0, h.length() - 4);
        return h;
    }

    private static String visible(String s) {
        return dev.palisade.http.ProtectHandler.asSent(s);
    }

    /** The forwarded method of a decision request {@link #of} refused, for its event: the first given, or "". */
    static String methodAsSent(Request request) {
        for (String name : METHOD_HEADERS) {
            String value = request.getHeaders().get(name);
            if (value != null && !value.isBlank()) return visible(value.trim());
        }
        return "";
    }
}
