package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.ClientAddress;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.PageMarkup;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The client page in reverse-proxy mode: the upstream's own page, with a fresh page nonce and the
 * palisade.js script put into its head, so the user's front end becomes a protected client.
 */
public final class UpstreamPageHandler extends JsonHandler {

    private final URI upstream;
    private final Engine engine;
    private final Duration timeout;
    private final HttpClient http;
    private final ClientAddress addresses;

    public UpstreamPageHandler(URI upstream, Engine engine, Duration timeout) {
        this.addresses = new ClientAddress(engine::fingerprintPolicy);
        this.upstream = upstream;
        this.engine = engine;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) throw methodNotAllowed(request);
        String base = upstream.getRawPath() == null ? "" : upstream.getRawPath().replaceAll("/+$", "");
        URI page = upstream.resolve(base + JsonHandler.path(request));
        HttpResponse<String> upstreamPage;
        try {
            upstreamPage = http.send(HttpRequest.newBuilder(page).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            engine.upstreamFailed(Reason.UPSTREAM_TIMEOUT, "/", "the client page did not come in time");
            throw new HttpProblem(Reason.UPSTREAM_TIMEOUT, "the protected API did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, "/", "the client page cannot be fetched");
            throw new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, "the protected API cannot be reached");
        }
        String html = inject(upstreamPage.body(), PageMarkup.head(engine.auth().servePage(addresses.of(request))));
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(upstreamPage.statusCode());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, upstreamPage.headers().firstValue("Content-Type")
                .orElse("text/html; charset=utf-8"));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** Puts Palisade's markup and palisade.js first in the head (or first in the page when it has none). */
    static String inject(String html, String palisadeHead) {
        String tags = palisadeHead + "<script src=\"/assets/palisade.js\"></script>";
        java.util.regex.Matcher head = java.util.regex.Pattern.compile("<head[^>]*>", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(html);
        return head.find() ? html.substring(0, head.end()) + tags + html.substring(head.end()) : tags + html;
    }
}
