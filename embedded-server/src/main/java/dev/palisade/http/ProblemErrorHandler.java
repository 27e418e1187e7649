package dev.palisade.http;

import dev.palisade.engine.Reason;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Errors Jetty itself raises (no handler for a path, an unparseable request line, headers too
 * large...) answered as problem+json like everything else, never as an HTML page or stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    /** The decision listener, or null: a gateway reads a refusal there from its headers (nginx passes 401 and 403 only). */
    private final org.eclipse.jetty.server.Connector decide;
    /** The API listener, or null, and the origins it answers CORS for ({@code --cors-origin}). */
    private final org.eclipse.jetty.server.Connector api;
    private final java.util.Set<String> corsOrigins;

    public ProblemErrorHandler() {
        this(null, null, java.util.Set.of());
    }

    public ProblemErrorHandler(org.eclipse.jetty.server.Connector decide, org.eclipse.jetty.server.Connector api,
                               java.util.Set<String> corsOrigins) {
        this.decide = decide;
        this.api = api;
        this.corsOrigins = java.util.Set.copyOf(corsOrigins);
    }

    private static final System.Logger LOG = System.getLogger(ProblemErrorHandler.class.getName());
    private final dev.palisade.engine.OncePer logged = new dev.palisade.engine.OncePer(java.time.Duration.ofMinutes(1));

    /**
     * What escaped a handler (an Error on the request path, a defect): Jetty logs it at debug level only, so the
     * answer's "the server log has the cause" was not true (hardening audit 60). At most once a minute, as a caller who
     * found a way to make one may send it at line rate; the path alone of the request, as JsonHandler logs it.
     */
    private void failed(String path, int code, Throwable cause) {
        if (logged.take()) {
            LOG.log(System.Logger.Level.ERROR, "a request to " + path + " failed with " + code
                    + " (logged at most once a minute)", cause);
        }
    }

    /** Jetty writes no body for methods other than GET, POST and HEAD; every answer here has one. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Reason reason = reasonFor(code);
        String detail;
        if (reason == Reason.NOT_FOUND) {
            detail = "nothing at " + JsonHandler.path(request); // canonical: no ;parameter (a session id) repeated
        } else if (code >= 500 && code != 505) {
            detail = "the server failed on this request; the server log has the cause"; // never echo internals
            if (cause != null) failed(JsonHandler.path(request), code, cause);
        } else {
            detail = message == null || message.isBlank() ? reason.title() : message;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.PROBLEM_JSON);
        strictTransport(request, response);
        crossOrigin(request, response);
        var document = Responses.problemDocument(reason, "http", detail, List.of());
        // the status Jetty answers (426, 417, 505…), which a reason shared by several statuses does not name
        document.put("status", code);
        byte[] body = Json.bytes(document);
        if (decide != null && request.getConnectionMetaData().getConnector() == decide) {
            // Jetty's own refusals (431 headers too large, 400 a bad Host) as every decision's: without them
            // nginx found no status and answered 503 "Palisade is down"
            response.getHeaders().put(dev.palisade.http.decide.DecisionHandler.STATUS, code);
            response.getHeaders().put(dev.palisade.http.decide.DecisionHandler.PROBLEM, dev.palisade.http.decide.DecisionHandler.asciiJson(body));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * {@code --hsts}'s header on Jetty's own refusals over TLS too (a 431, a request line it cannot read): those are
     * made before any customizer runs, so the listener's {@link SecureRequestCustomizer} never added it (fuzz54).
     */
    private static void strictTransport(Request request, Response response) {
        if (!request.getConnectionMetaData().isSecure() || response.getHeaders().contains(HttpHeader.STRICT_TRANSPORT_SECURITY)) return;
        SecureRequestCustomizer secure = request.getConnectionMetaData().getHttpConfiguration()
                .getCustomizer(SecureRequestCustomizer.class);
        if (secure == null || secure.getStsMaxAge() <= 0) return;
        response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=" + secure.getStsMaxAge()
                + (secure.isStsIncludeSubDomains() ? "; includeSubDomains" : ""));
    }

    /**
     * The CORS headers on Jetty's own refusals to an allowed origin at the API listener (a 414 for a long URL, a 431
     * for large cookies, a 400 for {@code //} in a path): made before any handler runs, so {@link CorsHandler} never
     * added them, and the page saw a CORS error where the protocol promises it a problem it can read (fuzz58).
     */
    private void crossOrigin(Request request, Response response) {
        if (api == null || corsOrigins.isEmpty() || request.getConnectionMetaData().getConnector() != api) return;
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null && request.getHeaders().size() == 0 && corsOrigins.size() == 1) {
            // a request line too long (414) or headers too large (431): refused before its headers were read, so
            // its Origin is unknown; with one allowed origin the answer may name it (a refusal holds nothing to keep)
            origin = corsOrigins.iterator().next();
        }
        if (origin != null && corsOrigins.contains(origin)) CorsHandler.allow(response.getHeaders(), origin);
    }

    static Reason reasonFor(int status) {
        return switch (status) {
            case 404 -> Reason.NOT_FOUND;
            case 405 -> Reason.METHOD_NOT_ALLOWED;
            case 408 -> Reason.REQUEST_TIMEOUT;
            case 413 -> Reason.PAYLOAD_TOO_LARGE;
            case 414 -> Reason.URI_TOO_LONG;
            case 415 -> Reason.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> Reason.HEADERS_TOO_LARGE;
            // an HTTP version this server does not speak is the request's fault, not the server's
            default -> status >= 400 && status < 500 || status == 505 ? Reason.BAD_REQUEST : Reason.INTERNAL_ERROR;
        };
    }
}
