package dev.palisade.http;

import dev.palisade.engine.auth.AuthFlow;
import dev.palisade.engine.bootstrap.PageChallenge;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /assets/challenge/<page nonce>.js}: the challenge program of one served page, for as long as
 * that page's nonce waits for its bootstrap; afterwards, or for any other name, 404.
 */
public final class ChallengeScriptHandler extends JsonHandler {

    private final AuthFlow auth;

    public ChallengeScriptHandler(AuthFlow auth) {
        this.auth = auth;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String path = JsonHandler.path(request);
        if (!path.startsWith(PageMarkup.CHALLENGE_PATH) || !path.endsWith(".js")) return false;
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) throw methodNotAllowed(request, "GET, HEAD");
        String nonce = path.substring(PageMarkup.CHALLENGE_PATH.length(), path.length() - 3);
        PageChallenge challenge = nonce.matches("[A-Za-z0-9_-]{1,64}") ? auth.outstandingPage(nonce) : null;
        if (challenge == null) {
            throw HttpProblem.notFound("no page waits for its bootstrap under this nonce; reload the client page");
        }
        byte[] script = challenge.program().script(nonce).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/javascript; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, script.length);
        response.write(true, head ? null : ByteBuffer.wrap(script), callback);
        return true;
    }
}
