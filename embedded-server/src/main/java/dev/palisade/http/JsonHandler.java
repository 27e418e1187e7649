package dev.palisade.http;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.Denial;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.Reason;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Base of the JSON endpoints: turns every known refusal into a problem document with the right
 * status, and anything unexpected into a 500 that is logged once, without request secrets.
 */
public abstract class JsonHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);
    /** A database outage (a full disk, a lock) takes an operator, not a moment: not sooner than this. */
    static final int STORE_RETRY_SECONDS = 10;

    protected JsonHandler() {
        super(InvocationType.BLOCKING);
    }

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        try {
            return serve(request, response, callback);
        } catch (HttpProblem p) {
            if (p.allow() != null && !response.isCommitted()) response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.ALLOW, p.allow());
            return refuse(response, callback, p.reason(), "http", p.getMessage(), p.errors());
        } catch (Denial d) {
            if (d.retryAfterSeconds() > 0) retryAfter(response, d.retryAfterSeconds());
            return refuse(response, callback, d.reason(), d.check(), d.getMessage(), List.of());
        } catch (InvalidInputException e) {
            return refuse(response, callback, e.reason(), "validation", e.getMessage(), e.errors());
        } catch (NotFoundException e) {
            return refuse(response, callback, Reason.NOT_FOUND, "http", e.getMessage(), List.of());
        } catch (ConflictException e) {
            return refuse(response, callback, Reason.CONFLICT, "http", e.getMessage(), List.of());
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            // the cluster's hot state (e.g. the login throttle's counts) does not answer: nothing was decided
            retryAfter(response, 2);
            return refuse(response, callback, Reason.STATE_UNAVAILABLE, "state",
                    "the cluster's shared state does not answer; try again in a few seconds", List.of());
        } catch (dev.palisade.engine.store.StoreException e) {
            if (e.outage()) {
                // a full disk, a lock another process holds, a file removed: the health check says so too, and a
                // stack trace per refused call would flood the log while it lasts
                LOG.warn("{} {} refused: the database cannot be used: {}", request.getMethod(), path(request), e.getMessage());
                retryAfter(response, STORE_RETRY_SECONDS);
                return refuse(response, callback, Reason.STORE_UNAVAILABLE, "store",
                        "the server's database cannot be used now (the server log and its health check say why);"
                                + " try again later", List.of());
            }
            if (!(e.getCause() instanceof dev.palisade.engine.state.StateUnavailableException)) {
                LOG.error("{} {} failed", request.getMethod(), path(request), e);
                return refuse(response, callback, Reason.INTERNAL_ERROR, "server",
                        "the server failed on this request; the server log has the cause", List.of());
            }
            // a cluster node whose Redis does not answer: nothing was changed, the caller may retry
            retryAfter(response, 2);
            return refuse(response, callback, Reason.STATE_UNAVAILABLE, "store", tellsTheCause() ? e.getMessage()
                    : "the cluster's shared state does not answer; try again in a few seconds", List.of());
        } catch (org.eclipse.jetty.http.HttpException.RuntimeException | org.eclipse.jetty.http.HttpException.IllegalArgumentException e) {
            if (((org.eclipse.jetty.http.HttpException) e).getCode() != 400) return failed(request, response, callback, e);
            // Jetty could not read a header it was asked for (a quoted string left open in X-Forwarded-For): the
            // request's fault; its value is not echoed, as it may be any header's
            return refuse(response, callback, Reason.BAD_REQUEST, "http", UNREADABLE_HEADER, List.of());
        } catch (Exception e) {
            return failed(request, response, callback, e);
        }
    }

    /** Jetty could not read a header as a list; its value is not echoed, as it may be any header's. */
    public static final String UNREADABLE_HEADER = "a header of this request cannot be read as a list (a quoted string"
            + " left open?)";

    private boolean failed(Request request, Response response, Callback callback, Exception e) {
        LOG.error("{} {} failed", request.getMethod(), path(request), e);
        return refuse(response, callback, Reason.INTERNAL_ERROR, "server",
                "the server failed on this request; the server log has the cause", List.of());
    }

    private static void retryAfter(Response response, long seconds) {
        if (!response.isCommitted()) response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, seconds);
    }

    private boolean refuse(Response response, Callback callback, Reason reason, String check, String detail,
                           List<FieldError> errors) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException(detail));
        } else {
            Responses.problem(response, callback, reason, check, detail, errors, realm());
        }
        return true;
    }

    /** The realm named in {@code WWW-Authenticate} challenges. */
    protected String realm() { return "palisade"; }

    /**
     * Whether a store's refusal is told with its cause (which names Redis's address and its client's words): to an
     * operator, not to anyone on the public listener.
     */
    protected boolean tellsTheCause() { return false; }

    /** Handles the request; throw a {@link HttpProblem} or engine exception to refuse it. */
    protected abstract boolean serve(Request request, Response response, Callback callback) throws Exception;

    /** A 405 for this request, naming the methods its path answers ({@code GET, HEAD}) in the detail and {@code Allow}. */
    protected static HttpProblem methodNotAllowed(Request request, String allow) {
        return HttpProblem.methodNotAllowed(request.getMethod() + " is not supported on " + path(request), allow);
    }

    /**
     * The request's decoded, normalised path from the root. Used instead of the path in context,
     * which a path-mapping handler may shorten.
     */
    public static String path(Request request) {
        String p = request.getHttpURI().getCanonicalPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** The path below {@code prefix}, without leading slash: "" for the collection itself. */
    protected static String below(Request request, String prefix) {
        String path = path(request);
        if (path.length() <= prefix.length()) return "";
        String rest = path.substring(prefix.length());
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }
}
