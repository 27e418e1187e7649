package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.ClientAddress;
import dev.palisade.http.Hop;
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
import java.util.List;

/**
 * The client page in reverse-proxy mode: the upstream's own page, with Palisade's markup (nonce,
 * work, challenge) and the palisade.js script put into its head, so the user's front end becomes a
 * protected client. What the browser and the app exchange passes through: the browser's cookies and
 * preferences go up, the app's status, redirects, cookies and other headers come back, and the
 * app's Content-Security-Policy is kept, with what Palisade's scripts need merged in. The fetch is
 * signed like every forwarded request, so verifying middleware may guard the page too.
 */
public final class UpstreamPageHandler extends JsonHandler {

    /** The upstream's scheme, authority and path prefix: every page's address starts with it. */
    private final String base;
    private final Engine engine;
    private final Duration timeout;
    /** Browser headers the app may care about; Host, Connection and the like are the HTTP client's. */
    private static final java.util.List<String> UP = java.util.List.of("Accept", "Accept-Language", "Cookie", "User-Agent",
            "Referer");
    /** App headers Palisade sets itself or that no longer hold for the changed page. */
    private static final java.util.Set<String> NOT_DOWN = java.util.Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "content-encoding", "cache-control", "etag", "last-modified", "date", "server",
            "content-security-policy", ":status");

    private final HttpClient http;
    private final ClientAddress addresses;
    private final byte[] upstreamKey;

    public UpstreamPageHandler(URI upstream, Engine engine, byte[] upstreamKey, Duration timeout) {
        this.addresses = new ClientAddress(engine::fingerprintPolicy);
        this.upstreamKey = upstreamKey;
        this.base = upstream.getScheme() + "://" + UpstreamProxy.authority(upstream.getScheme(), upstream.getHost(),
                upstream.getPort()) + UpstreamProxy.prefix(upstream);
        this.engine = engine;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) throw methodNotAllowed(request);
        String rawQuery = request.getHttpURI().getQuery();
        URI page;
        try {
            page = new URI(base + request.getHttpURI().getPath() + (rawQuery == null ? "" : "?" + rawQuery));
        } catch (java.net.URISyntaxException e) { // Jetty lets through characters a URI may not hold raw, such as { or |
            throw new HttpProblem(Reason.BAD_REQUEST, "a client page's address must be a valid URI: encode "
                    + "characters such as { } | ^ in its query");
        }
        HttpRequest.Builder fetch = HttpRequest.newBuilder(page).timeout(timeout).GET();
        for (String name : UP) {
            for (String value : request.getHeaders().getValuesList(name)) fetch.header(name, value);
        }
        String from = Hop.of(request).remoteText();
        if (from != null) fetch.header("X-Forwarded-For", from);
        UpstreamSignature.Headers sig = UpstreamSignature.sign(upstreamKey, "GET", page.toString(), "", "", null,
                engine.clock().millis() / 1000, UpstreamSignature.nonce());
        fetch.header(UpstreamSignature.USER, "").header(UpstreamSignature.SESSION, "")
                .header("Signature-Input", sig.signatureInput()).header("Signature", sig.signature());
        HttpResponse<String> upstreamPage;
        try {
            upstreamPage = http.send(fetch.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            engine.upstreamFailed(Reason.UPSTREAM_TIMEOUT, "/", "the client page did not come in time");
            throw new HttpProblem(Reason.UPSTREAM_TIMEOUT, "the protected API did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            engine.upstreamFailed(Reason.UPSTREAM_UNAVAILABLE, "/", "the client page cannot be fetched");
            throw new HttpProblem(Reason.UPSTREAM_UNAVAILABLE, "the protected API cannot be reached");
        }
        String type = upstreamPage.headers().firstValue("Content-Type").orElse("text/html; charset=utf-8");
        boolean page200 = upstreamPage.statusCode() == 200 && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
        // only a page that will run gets a nonce: a redirect or an error page passes through as it is
        List<String> policies = upstreamPage.headers().allValues("Content-Security-Policy");
        // a page whose scripts run by a nonce gets Palisade's tags under that nonce, not 'self' for every script
        String scriptNonce = ContentSecurityPolicy.nonce(policies);
        String html = page200 ? inject(upstreamPage.body(), PageMarkup.head(engine.auth().servePage(addresses.of(request)), scriptNonce),
                scriptNonce) : upstreamPage.body();
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(upstreamPage.statusCode());
        upstreamPage.headers().map().forEach((name, values) -> {
            if (NOT_DOWN.contains(name.toLowerCase(java.util.Locale.ROOT))) return;
            for (String v : values) response.getHeaders().add(name, v);
        });
        // every policy the app sent, each merged on its own: the browser enforces them all, so none may be lost
        for (String csp : policies) {
            response.getHeaders().add("Content-Security-Policy", ContentSecurityPolicy.merge(csp, page200 ? scriptNonce : null));
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** Puts Palisade's markup and palisade.js first in the head (or first in the page when it has none). */
    static String inject(String html, String palisadeHead, String scriptNonce) {
        String tags = palisadeHead + PageMarkup.scriptTag(scriptNonce) + "/assets/palisade.js\"></script>";
        java.util.regex.Matcher head = java.util.regex.Pattern.compile("<head[^>]*>", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(html);
        return head.find() ? html.substring(0, head.end()) + tags + html.substring(head.end()) : tags + html;
    }
}
