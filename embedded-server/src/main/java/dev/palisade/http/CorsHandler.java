package dev.palisade.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Set;

/**
 * Lets a front end served from another origin during development (a dev server on another port)
 * call through Palisade: origins on the allow-list ({@code --cors-origin}, none by default) get the
 * CORS answers the protocol needs. No credentials mode: palisade.js sends no cookies unless a call asks,
 * and none are allowed here (a session is its token and its signature, not a cookie). Any other origin gets no CORS headers at all, and the browser keeps its page out.
 */
public final class CorsHandler extends Handler.Wrapper {

    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Signature, Signature-Input, Content-Digest, X-Api-Key";
    static final String EXPOSED_HEADERS = "Date, Retry-After, WWW-Authenticate";

    private final Set<String> origins;

    public CorsHandler(Set<String> origins, Handler next) {
        super(next);
        this.origins = Set.copyOf(origins);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!allows(origin)) return super.handle(request, response, callback);
        var headers = response.getHeaders();
        if (HttpMethod.OPTIONS.is(request.getMethod())
                && request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.add(HttpHeader.VARY, "Origin");
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE");
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 600);
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        allow(headers, origin);
        return super.handle(request, new Kept(request, response, origin), callback);
    }

    /**
     * The headers every answer but a preflight's carries to an allowed origin; also on Jetty's own refusals
     * ({@link ProblemErrorHandler}), which a page gets for a long URL or large cookies and must be able to read.
     */
    static void allow(org.eclipse.jetty.http.HttpFields.Mutable headers, String origin) {
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (!headers.contains(HttpHeader.VARY, "Origin")) headers.add(HttpHeader.VARY, "Origin");
        // palisade.js reads Date to correct its clock, and a refusal's Retry-After and challenge
        headers.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    /** Whether {@code origin} is on the allow-list. */
    boolean allows(String origin) {
        return origin != null && origins.contains(origin);
    }

    /**
     * The answer with its CORS headers kept up to its first write: a proxied upstream's own {@code Vary}
     * or {@code Access-Control-Allow-Origin} replaced Palisade's (a shared cache then served one origin's
     * answer to another), and a problem answered after a reset lost them (the front end saw a CORS error,
     * not the problem).
     */
    private static final class Kept extends Response.Wrapper {
        private final String origin;

        Kept(Request request, Response response, String origin) {
            super(request, response);
            this.origin = origin;
        }

        @Override
        public void write(boolean last, java.nio.ByteBuffer content, Callback callback) {
            if (!isCommitted()) {
                var headers = getHeaders();
                headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                if (!headers.contains(HttpHeader.VARY, "Origin") && !headers.contains(HttpHeader.VARY, "*")) {
                    headers.add(HttpHeader.VARY, "Origin");
                }
                if (!headers.contains(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After")) {
                    headers.add(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
                }
                headers.remove(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS); // no credentials mode, whatever the app says
            }
            super.write(last, content, callback);
        }
    }
}
