package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.ProtectedRequest;
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
        if (!"POST".equals(request.getMethod())) throw methodNotAllowed(request);
        ClientFacts client = clientFacts(request, addresses);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (action) {
            case "bootstrap" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                Ticket ticket = auth.bootstrap(LoginBodies.claim(body), LoginBodies.signals(body),
                        Json.optText(body, "debugToken"), client);
                Responses.json(response, callback, 200,
                        Map.of("bootstrapTicket", ticket.value(), "expiresIn", ticket.expiresInSeconds()));
            }
            case "login" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                String username = Json.text(body, "username");
                AuthFlow.checkUsername(username); // named first, whatever else the body lacks
                String typed = Json.text(body, "password");
                String ticket = Json.optText(body, "bootstrapTicket");
                ECPublicKey clientKey = LoginBodies.clientKey(body);
                char[] password = typed.toCharArray();
                try {
                    LoginResult result = auth.login(username, password, ticket, Credentials.apiKey(request), clientKey, client);
                    Responses.json(response, callback, 200, tokenBody(result));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case "refresh" -> refresh(request, response, callback, client);
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

    /** A refresh is signed like an API call and passes the same pipeline before it gets a new token. */
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
        return new ClientFacts(addresses.of(request), request.getHeaders().get(HttpHeader.USER_AGENT), wire::header);
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
