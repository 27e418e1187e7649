package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.admin.Credential;
import dev.palisade.engine.admin.OwnerToken;
import dev.palisade.http.Bodies;
import dev.palisade.http.Credentials;
import dev.palisade.http.Hop;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.Set;

/**
 * The admin listener's door: the Host must be one it answers to (403 {@code forbidden_host}), every
 * call needs {@code Authorization: Bearer <token>} (the owner's {@code admin.token} or a live operator
 * token, both compared by SHA-256 digest in constant time), an address with too many wrong tokens is
 * refused further wrong ones (429 {@code admin_throttled}) while a right token still passes, and the token's role must allow the call (403
 * {@code forbidden_role}, see {@link AdminRoles}). The caller's {@link Actor} rides on the request
 * for the resources ({@link #actor(Request)}), and its {@link Credential} for a resource that outlives
 * the request and must end when the token does ({@link #credential(Request)}). The index and the API description answer without a token.
 */
public final class AdminAuthHandler extends Handler.Wrapper {

    static final String REALM = "palisade-admin";
    private static final String ACTOR = AdminAuthHandler.class.getName() + ".actor";
    private static final String CREDENTIAL = AdminAuthHandler.class.getName() + ".credential";
    /** Longer than any spelling of an empty body a client sends ({@code {}} with some white space). */
    private static final int EMPTY_BODY_MAX = 64;

    private final OwnerToken owner;
    private final AdminHosts hosts;
    private final AdminThrottle throttle = new AdminThrottle();
    private final Engine engine;

    public AdminAuthHandler(OwnerToken owner, AdminHosts hosts, Engine engine, Handler admin) {
        super(admin);
        this.owner = owner;
        this.hosts = hosts;
        this.engine = engine;
    }

    /** Who is calling; set by the door before any resource runs. */
    static Actor actor(Request request) {
        if (request.getAttribute(ACTOR) instanceof Actor a) return a;
        throw new IllegalStateException("an admin resource ran without the door");
    }

    /** The token the caller proved, to ask again whether it is still in force; set by the door with the actor. */
    static Credential credential(Request request) {
        if (request.getAttribute(CREDENTIAL) instanceof Credential c) return c;
        throw new IllegalStateException("an admin resource ran without the door");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!hosts.allows(host)) {
            Responses.problem(response, callback, Reason.FORBIDDEN_HOST, "admin", "the admin API answers to loopback"
                    + " names and addresses, and to names given with --admin-host; not to this Host");
            return true;
        }
        boolean index = AdminIndex.serves(request);
        if ((index || ApiDescription.serves(request)) && !emptyBody(request)) {
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", request.getMethod() + " "
                    + request.getHttpURI().getPath() + " takes no body");
            return true;
        }
        if (index || ApiDescription.serves(request)) {
            if (!knownQuery(request, request.getMethod(), request.getHttpURI().getPath(), Set.of(), response, callback)) return true;
            return index ? AdminIndex.answer(response, callback) : ApiDescription.answer(response, callback);
        }
        String ip = Hop.of(request).remoteText();
        long now = engine.clock().millis();
        String presented = Credentials.bearer(request);
        // the token first: a right one is never throttled, so wrong guesses from the owner's own address (the
        // bundled console's loopback) cannot lock the owner out; only callers that keep failing wait
        long wait = throttle.retryAfter(ip, now);
        // a caller made to wait is still let in with a right token, but its guesses cost the cluster's store nothing
        Credential credential = identify(presented, now, wait == 0);
        if (credential == null) {
            if (wait > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
                Responses.problem(response, callback, Reason.ADMIN_THROTTLED, "admin", "too many wrong admin tokens from"
                        + " this address; wait " + wait + " s");
                return true;
            }
            if (presented != null && throttle.failed(ip, now)) {
                engine.adminRefused(Reason.ADMIN_THROTTLED.code(), ip, ip + " sent " + AdminThrottle.LIMIT
                        + " wrong admin tokens within a minute; refused until the minute is over");
            }
            Responses.problem(response, callback, Reason.ADMIN_UNAUTHORIZED, "admin",
                    "send Authorization: Bearer <token from admin.token in the data directory, or an operator token>",
                    List.of(), REALM);
            return true;
        }
        Actor actor = credential.actor().from(ip);
        String path = JsonHandler.path(request);
        String raw = request.getHttpURI().getPath();
        if (raw != null && raw.indexOf(';') >= 0) {
            // Jetty matches the path without a segment's ;parameters: DELETE /admin/users/bob;dryRun=true deleted bob
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", "the path has a parameter (;…), which no"
                    + " admin operation takes; send the path alone, and options in the query or body the operation names");
            return true;
        }
        AdminMethods.Operations operations = AdminMethods.of(path);
        if (operations == null && !path.equals("/admin")) {
            // a path the document does not have, /admin/users/ among them: its resource would take it for its
            // collection (PUT /admin/alerts/ changed the alerts) past the checks of the methods and the query below
            Responses.problem(response, callback, Reason.NOT_FOUND, "http", "no admin path " + path
                    + "; GET /admin/ lists them");
            return true;
        }
        if (operations != null) {
            String method = request.getMethod();
            boolean head = method.equals("HEAD") && operations.answersHead();
            if (!head && !operations.allows(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, operations.allow());
                Responses.problem(response, callback, Reason.METHOD_NOT_ALLOWED, "http", method + " is not supported on "
                        + path + "; it answers " + operations.allow());
                return true;
            }
            if (head) {
                request = asGet(request); // Jetty sends a HEAD's answer without its content
            } else if (operations.takesNoBody(method) && !emptyBody(request)) {
                Responses.problem(response, callback, Reason.BAD_REQUEST, "http", method + " " + path
                        + " takes no body (or only {}): what it does is named by its path and query alone");
                return true;
            }
            if ((path.startsWith("/admin/") || path.equals(MetricsResource.PATH))
                    && !knownQuery(request, method, path, operations.queryOf(method), response, callback)) return true;
        }
        if (!AdminRoles.permits(actor.role(), request.getMethod(), path)) {
            // a refused change is told; a refused read is not (a viewer's console asks for the operators at each start)
            if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                engine.adminForbidden(actor, request.getMethod() + " " + path);
            }
            Responses.problem(response, callback, Reason.FORBIDDEN_ROLE, "admin", "operator token '" + actor.name()
                    + "' has the role " + actor.role().label() + ", which may not " + request.getMethod() + " " + path);
            return true;
        }
        request.setAttribute(ACTOR, actor);
        request.setAttribute(CREDENTIAL, credential);
        return super.handle(request, response, callback);
    }

    /**
     * Whether every query parameter is one the operation takes, each once: one it does not take would be
     * ignored ({@code DELETE /admin/users/bob?dryRun=true} deleted bob), and of two, each reader could
     * take another. Else the 400 is answered here.
     */
    private static boolean knownQuery(Request request, String method, String path, Set<String> takes,
                                      Response response, Callback callback) {
        String raw = request.getHttpURI().getQuery();
        if (raw == null || raw.isEmpty()) return true;
        try {
            for (String name : new Query(request).names()) {
                if (takes.contains(name)) continue;
                String known = takes.isEmpty() ? "it takes no query parameter" : "it takes " + String.join(", ", new java.util.TreeSet<>(takes));
                throw HttpProblem.field(name, "is not a parameter of " + method + " " + path + " (" + known + ")");
            }
            return true;
        } catch (HttpProblem p) {
            Responses.problem(response, callback, p.reason(), "http", p.getMessage(), p.errors(), REALM);
            return false;
        }
    }

    private static Request asGet(Request request) {
        return new Request.Wrapper(request) {
            @Override
            public String getMethod() { return "GET"; }
        };
    }

    /**
     * No body, an empty one or an empty JSON object, as clients send to an operation without one; any
     * other content (e.g. a setting the caller believes it applies) would be silently ignored.
     */
    private static boolean emptyBody(Request request) {
        if (!Bodies.hasBody(request)) return true;
        try {
            String text = new String(Bodies.buffer(request, EMPTY_BODY_MAX), java.nio.charset.StandardCharsets.UTF_8);
            int open = text.indexOf('{');
            // white space, or one empty object with white space in and around it ({ } as pretty-printers write it)
            return text.isBlank() || open >= 0 && text.substring(0, open).isBlank()
                    && text.substring(open + 1).strip().equals("}");
        } catch (dev.palisade.http.HttpProblem tooLongOrCut) {
            return false;
        }
    }

    /** @return the owner's credential, that of the operator whose live token this is, or null */
    private Credential identify(String presented, long now, boolean askElsewhere) {
        if (presented == null) return null;
        Credential owner = this.owner.authenticate(presented);
        return owner != null ? owner : engine.operatorTokens().prove(presented, now, askElsewhere);
    }
}
