package dev.palisade.http;

import dev.palisade.engine.Engine;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Runs the engine's pipeline in front of the protected API. A denial is answered here and never
 * reaches the API; an allowed call goes on with its principal as a request attribute.
 */
public final class ProtectHandler extends Handler.Wrapper {

    /** Request attribute naming who the call acts for (user, or {@code apikey:<name>}). */
    public static final String PRINCIPAL = "palisade.principal";
    /**
     * Request attribute with the {@code Session} of an allowed call, or absent for API-key callers: the
     * session itself, as its id is two longs with no text to hand on (a forwarding handler asks it for one).
     */
    public static final String SESSION = "palisade.session";

    /** The largest body a signed call may have: it is read whole to check its digest. */
    static final int MAX_BODY = 64 * 1024;

    private final Engine engine;
    private final ClientAddress addresses;

    public ProtectHandler(Engine engine, ClientAddress addresses, Handler protectedApi) {
        super(protectedApi);
        this.engine = engine;
        this.addresses = addresses;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isUpperCaseMethod(request.getMethod())) {
            // Jetty keeps a method as sent: "post" would pass every rule naming POST, and reach an upstream as
            // POST (Jetty's client writes it upper-case). Rules, signers and palisade.js use upper case.
            refuseForForm(request, response, callback, request.getMethod(),
                    HttpProblem.badRequest("the method must be upper-case letters, as HTTP's methods are (GET, POST, …)"));
            return true;
        }
        ProtectedRequest call;
        Verdict verdict;
        try {
            call = ProtectedRequest.withAuthorization(request.getMethod(), JsonHandler.path(request),
                    addresses.of(request), WireRequest.userAgent(request),
                    Credentials.authorization(request), Credentials.apiKey(request), new WireRequest(request),
                    Bodies.forDecision(request, MAX_BODY));
            verdict = engine.protect(call);
        } catch (HttpProblem p) {
            refuseForForm(request, response, callback, request.getMethod(), p);
            return true;
        } catch (RuntimeException e) {
            // X-Forwarded-For from a trusted proxy with a quoted string left open: a 400 as before, and now an event
            if (!ClientAddress.unreadableHeader(e)) throw e;
            refuseForForm(request, response, callback, request.getMethod(), HttpProblem.badRequest(JsonHandler.UNREADABLE_HEADER));
            return true;
        }
        if (!verdict.allowed()) {
            if (verdict.retryAfterSeconds() > 0) response.getHeaders().put(HttpHeader.RETRY_AFTER, verdict.retryAfterSeconds());
            Responses.problem(response, callback, verdict.reason(), verdict.check(), verdict.explanation());
            return true;
        }
        request.setAttribute(PRINCIPAL, call.principal());
        if (call.session() != null) request.setAttribute(SESSION, call.session());
        if (super.handle(request, response, callback)) return true;
        Responses.problem(response, callback, Reason.NOT_FOUND, "http",
                "no API resource at " + call.path());
        return true;
    }

    /** Answers a call refused for its form before the pipeline read it, and tells the operator (an event). */
    private void refuseForForm(Request request, Response response, Callback callback, String method, HttpProblem p) {
        engine.refusedForForm(p.reason(), asSent(method), JsonHandler.path(request), addresses.ofOrSocket(request), p.getMessage());
        Responses.problem(response, callback, p.reason(), "http", p.getMessage());
    }

    /**
     * A method for an event, as sent but at most 20 characters: Jetty takes any token for one (printable ASCII),
     * of any length within its header limit.
     */
    public static String asSent(String method) {
        return method.length() <= 20 ? method : method.substring(0, 20) + "…";
    }

    /** 1 to 20 of A–Z, here and for the method a gateway's decision names; no pattern per call. */
    public static boolean isUpperCaseMethod(String method) {
        int n = method.length();
        if (n == 0 || n > 20) return false;
        for (int i = 0; i < n; i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') return false;
        }
        return true;
    }
}
