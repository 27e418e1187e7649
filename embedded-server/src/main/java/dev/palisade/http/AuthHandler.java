package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.auth.AuthFlow;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.Ticket;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /auth/*}: bootstrap, login, refresh, logout; all POST with small JSON bodies. */
public final class AuthHandler extends JsonHandler {

    private static final int MAX_BODY = 16 * 1024;

    private final AuthFlow auth;
    private final ClientAddress addresses;

    public AuthHandler(AuthFlow auth, ClientAddress addresses) {
        this.auth = auth;
        this.addresses = addresses;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String action = below(request, "/auth");
        if (!action.matches("bootstrap|login|refresh|logout")) return false;
        if (!HttpMethod.POST.is(request.getMethod())) throw methodNotAllowed(request);
        ClientFacts client = clientFacts(request, addresses);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (action) {
            case "bootstrap" -> {
                String nonce = Json.text(Bodies.jsonObject(request, MAX_BODY), "pageNonce");
                Ticket ticket = auth.bootstrap(nonce, client);
                Responses.json(response, callback, 200,
                        Map.of("bootstrapTicket", ticket.value(), "expiresIn", ticket.expiresInSeconds()));
            }
            case "login" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                String username = Json.text(body, "username");
                char[] password = Json.text(body, "password").toCharArray();
                try {
                    LoginResult result = auth.login(username, password, Json.optText(body, "bootstrapTicket"),
                            Credentials.apiKey(request), client);
                    Responses.json(response, callback, 200, tokenBody(result));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case "refresh" -> Responses.json(response, callback, 200,
                    tokenBody(auth.refresh(Credentials.bearer(request), client)));
            default -> {
                auth.logout(Credentials.bearer(request), client);
                Responses.noContent(response, callback);
            }
        }
        return true;
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
        if (result.signingKey() != null) body.put("signingKey", result.signingKey());
        return body;
    }
}
