package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.AuthFlow;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.Ticket;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /auth/*}: bootstrap, login, refresh, logout; all POST with small JSON bodies. */
public final class AuthHandler extends JsonHandler {

    private static final int MAX_BODY = 16 * 1024;

    private final Engine engine;
    private final AuthFlow auth;
    private final ClientAddress addresses;

    public AuthHandler(Engine engine, ClientAddress addresses) {
        this.engine = engine;
        this.auth = engine.auth();
        this.addresses = addresses;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String action = below(request, "/auth");
        if (!action.matches("bootstrap|login|refresh|logout")) return false;
        // exactly POST: Jetty keeps "post" as sent, and a refresh goes through the pipeline, whose rules name POST
        if (!"POST".equals(request.getMethod())) throw methodNotAllowed(request, "POST");
        ClientFacts client;
        try {
            client = clientFacts(request, addresses);
        } catch (HttpProblem e) { // two User-Agents: recorded as any malformed bootstrap or login is
            throw malformed("/auth/" + action, "", new ClientFacts(addresses.of(request), null, new WireRequest(request)::header), e);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (action) {
            case "bootstrap" -> {
                ObjectNode body;
                dev.palisade.engine.bootstrap.BootstrapClaim claim;
                Map<String, Boolean> signals;
                String debugToken;
                try {
                    body = Bodies.jsonObject(request, MAX_BODY);
                    claim = LoginBodies.claim(body);
                    signals = LoginBodies.signals(body);
                    debugToken = Json.optText(body, "debugToken");
                } catch (HttpProblem | dev.palisade.engine.InvalidInputException e) {
                    throw malformed("/auth/bootstrap", "", client, e);
                }
                Ticket ticket = auth.bootstrap(claim, signals, debugToken, client);
                Responses.json(response, callback, 200,
                        Map.of("bootstrapTicket", ticket.value(), "expiresIn", ticket.expiresInSeconds()));
            }
            case "login" -> {
                String username = "";
                String typed;
                String ticket;
                ECPublicKey clientKey;
                try {
                    ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                    String named = Json.text(body, "username");
                    AuthFlow.checkUsername(named); // named first, whatever else the body lacks
                    username = named;
                    typed = Json.text(body, "password");
                    ticket = Json.optText(body, "bootstrapTicket");
                    clientKey = LoginBodies.clientKey(body);
                } catch (HttpProblem | dev.palisade.engine.InvalidInputException e) {
                    throw malformed("/auth/login", username, client, e);
                }
                char[] password = typed.toCharArray();
                try {
                    LoginResult result = auth.login(username, password, ticket, Credentials.apiKey(request), clientKey, client);
                    Responses.json(response, callback, 200, tokenBody(result));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case "refresh" -> {
                try {
                    Bodies.optionalJsonObject(request, MAX_BODY); // its members are ignored: none is asked for
                } catch (HttpProblem e) {
                    throw malformed("/auth/refresh", "", client, e);
                }
                refresh(request, response, callback, client);
            }
            default -> {
                // signed as a call is: a token that no longer verifies still ends the session its key signs for
                engine.logout(new ProtectedRequest(request.getMethod(), JsonHandler.path(request), client.ip(),
                        client.userAgent(), Credentials.bearer(request), null, new WireRequest(request),
                        Bodies.forDecision(request, MAX_BODY)), client);
                Responses.noContent(response, callback);
            }
        }
        return true;
    }

    /**
     * A bootstrap, login or refresh refused for the form of its body (400, 413, 415) is told to the operator
     * as an {@code auth} event, as a refused one is: a script that sends a bare form (no page, no key) is the
     * ladder's L0, and was seen nowhere. A refresh's is refused before the pipeline, as the others are before
     * their checks: no nonce spent, no decision counted. Returns {@code e}, to be thrown.
     */
    private RuntimeException malformed(String path, String user, ClientFacts client, RuntimeException e) {
        Reason reason = e instanceof HttpProblem p ? p.reason() : ((dev.palisade.engine.InvalidInputException) e).reason();
        auth.malformed(reason, path, user, client, e.getMessage());
        return e;
    }

    /**
     * A refresh is signed like an API call and passes the same pipeline before it gets a new token. Its body,
     * if any, was read before (and held to be a JSON object): the digest check takes the same bytes.
     */
    private void refresh(Request request, Response response, Callback callback, ClientFacts client) {
        ProtectedRequest call = new ProtectedRequest(request.getMethod(), JsonHandler.path(request), client.ip(),
                client.userAgent(), Credentials.bearer(request), null, new WireRequest(request),
                Bodies.forDecision(request, MAX_BODY));
        Engine.Refreshed refreshed = engine.refresh(call, client);
        Verdict verdict = refreshed.verdict();
        if (!verdict.allowed()) {
            if (verdict.retryAfterSeconds() > 0) response.getHeaders().put(HttpHeader.RETRY_AFTER, verdict.retryAfterSeconds());
            Responses.problem(response, callback, verdict.reason(), verdict.check(), verdict.explanation());
            return;
        }
        Responses.json(response, callback, 200, tokenBody(refreshed.token()));
    }

    static ClientFacts clientFacts(Request request, ClientAddress addresses) {
        WireRequest wire = new WireRequest(request);
        return new ClientFacts(addresses.of(request), WireRequest.userAgent(request), wire::header);
    }

    private static Map<String, Object> tokenBody(LoginResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", result.token().token());
        body.put("tokenType", "Bearer");
        body.put("expiresIn", result.expiresInSeconds());
        body.put("sessionId", result.sessionId());
        if (result.serverKey() != null) body.put("serverKey", LoginBodies.jwk(result.serverKey()));
        return body;
    }
}
