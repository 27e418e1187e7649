package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.http.Credentials;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.ProtectHandler;
import dev.palisade.http.Responses;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.QuotedStringTokenizer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Reverse-proxy mode: calls the pipeline allowed are streamed to the user's own API. Palisade's
 * own credentials and the client's signature headers are removed; the caller is passed on in
 * {@code X-Palisade-User} and {@code X-Palisade-Session}, vouched for by Palisade's own RFC 9421
 * signature ({@link UpstreamSignature}) over method, target URI, those headers and the body's
 * digest. Bodies up to 64 KiB are read to digest them; larger ones stream through undigested. An
 * upstream that is down is a 502 problem, a slow one a 504.
 */
public final class UpstreamProxy extends ProxyHandler.Reverse {

    public static final String USER = UpstreamSignature.USER;
    public static final String SESSION = UpstreamSignature.SESSION;
    /** Bodies up to this size are read to digest them; the signature then covers the body. */
    static final int DIGESTED_BODY = 64 * 1024;
    private static final List<String> STRIPPED = List.of("Authorization", Credentials.API_KEY_HEADER, "Signature",
            "Signature-Input", "Content-Digest", USER, SESSION, "X-Palisade-Timestamp", "X-Palisade-Signature");

    private final Engine engine;
    private final byte[] upstreamKey;
    private final Duration timeout;
    private final int connections;

    public UpstreamProxy(URI upstream, Engine engine, byte[] upstreamKey, Duration timeout, int connections) {
        super(target(upstream));
        this.engine = engine;
        this.upstreamKey = upstreamKey;
        this.timeout = timeout;
        this.connections = connections;
        // the upstream's answers are read on the server's own threads, not a second pool's: on one core,
        // protected 21-29 % and public 13-21 % more calls a second behind the proxy (BENCHMARKS.md 2l).
        // The price: with every server thread busy, an answer waits in the same queue as new requests
        setUseServerThreadPool(true);
    }

    /** Where a request goes upstream: the upstream's scheme, host, port and path prefix, then the request's path. */
    private static Function<Request, HttpURI> target(URI upstream) {
        String scheme = upstream.getScheme();
        String host = upstream.getHost();
        int port = upstream.getPort();
        String prefix = prefix(upstream); // once, not a regular expression per forwarded call
        return request -> HttpURI.build(request.getHttpURI()).scheme(scheme).host(host).port(port)
                .path(prefix + request.getHttpURI().getPath()).asImmutable();
    }

    /** The upstream URL's path without its trailing slashes: what every forwarded path is put under. */
    static String prefix(URI upstream) {
        String p = upstream.getRawPath();
        return p == null || p.equals("/") ? "" : p.replaceAll("/+$", "");
    }

    @Override
    protected HttpClient newHttpClient() {
        HttpClient client = new HttpClient();
        client.setConnectTimeout(5_000);
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        return client;
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        return super.newProxyToServerRequest(request, target).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A body already read to check its digest is sent from memory; any other is streamed. */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request clientToProxy,
            Response proxyToClient, org.eclipse.jetty.client.Request proxyToServer) {
        if (clientToProxy.getAttribute(dev.palisade.http.Bodies.BUFFERED) instanceof byte[] body) {
            return new org.eclipse.jetty.client.BytesRequestContent(body);
        }
        return super.newProxyToServerRequestContent(clientToProxy, proxyToClient, proxyToServer);
    }

    @Override
    protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        super.copyRequestHeaders(clientToProxy, proxyToServer);
        byte[] body = digestedBody(clientToProxy);
        String authority = authority(proxyToServer.getScheme(), proxyToServer.getHost(), proxyToServer.getPort());
        String query = proxyToServer.getQuery();
        String targetUri = proxyToServer.getScheme() + "://" + authority + proxyToServer.getPath()
                + (query == null ? "" : "?" + query);
        proxyToServer.headers(h -> {
            for (String name : STRIPPED) h.remove(name);
            Object principal = clientToProxy.getAttribute(ProtectHandler.PRINCIPAL);
            Object session = clientToProxy.getAttribute(ProtectHandler.SESSION);
            String user = principal == null ? "" : principal.toString();
            // the id's text is kept by the session once made: a forwarded call builds its signature's strings anyway
            String sid = session instanceof dev.palisade.engine.session.Session s ? s.idText() : "";
            String digest = body == null ? null : dev.palisade.protocol.RequestSigner.contentDigest(body);
            UpstreamSignature.Headers sig = UpstreamSignature.sign(upstreamKey, proxyToServer.getMethod(), targetUri, user,
                    sid, digest, engine.clock().millis() / 1000, UpstreamSignature.nonce());
            h.put(HttpHeader.HOST, authority); // the authority the signature covers
            h.put(USER, user);
            h.put(SESSION, sid);
            if (digest != null) h.put("Content-Digest", digest);
            h.put("Signature-Input", sig.signatureInput());
            h.put("Signature", sig.signature());
            // the de-facto headers beside RFC 7239's Forwarded, which Jetty adds itself
            h.put("X-Forwarded-For", Request.getRemoteAddr(clientToProxy));
            h.put("X-Forwarded-Proto", clientToProxy.isSecure() ? "https" : "http");
            String host = clientToProxy.getHeaders().get(HttpHeader.HOST);
            if (host != null) h.put("X-Forwarded-Host", host);
        });
    }

    /**
     * RFC 7239's {@code Forwarded}, the value Jetty's proxy writes ({@code by}, {@code for}, {@code host} quoted,
     * {@code proto}, after any the call arrived with), put together without {@code String.formatted}: Jetty's
     * own parses its pattern again on every forwarded call, public ones included.
     */
    @Override
    protected void addForwardedHeader(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        QuotedStringTokenizer quoted = HttpField.PARAMETER_TOKENIZER;
        String scheme = clientToProxy.getHttpURI().getScheme();
        String value = "by=" + quoted.quote(Request.getLocalAddr(clientToProxy))
                + ";for=" + quoted.quote(Request.getRemoteAddr(clientToProxy))
                + ";host=" + quoted.quote(clientToProxy.getHeaders().get(HttpHeader.HOST))
                + ";proto=" + (scheme != null ? scheme : clientToProxy.isSecure() ? "https" : "http");
        proxyToServer.headers(h -> h.computeField(HttpHeader.FORWARDED, (header, fields) -> {
            if (fields == null || fields.isEmpty()) return new HttpField(header, value);
            StringBuilder joined = new StringBuilder();
            for (HttpField field : fields) {
                for (String earlier : field.getValueList()) joined.append(earlier).append(", ");
            }
            return new HttpField(HttpHeader.FORWARDED, joined.append(value).toString());
        }));
    }

    /** The body as read (a signed call's already is), or read now when small enough; null when streamed or none. */
    private static byte[] digestedBody(Request request) {
        if (request.getAttribute(dev.palisade.http.Bodies.BUFFERED) instanceof byte[] body) return body.length == 0 ? null : body;
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared <= 0 || declared > DIGESTED_BODY) return null;
        byte[] body = dev.palisade.http.Bodies.buffer(request, DIGESTED_BODY);
        return body.length == 0 ? null : body;
    }

    /** {@code host:port}, without a scheme's default port, as an HTTP client writes Host. */
    static String authority(String scheme, String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                  Callback callback, Throwable failure) {
        boolean slow = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
        Reason reason = slow ? Reason.UPSTREAM_TIMEOUT : Reason.UPSTREAM_UNAVAILABLE;
        String detail = slow ? "the protected API did not answer within " + timeout.toSeconds() + " s"
                : "the protected API cannot be reached (" + failure.getClass().getSimpleName() + ")";
        // counted and recorded also when the answer had begun: the client's reply breaks off then
        engine.upstreamFailed(reason, JsonHandler.path(clientToProxy), detail);
        if (proxyToClient.isCommitted()) {
            super.onServerToProxyResponseFailure(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
            return;
        }
        proxyToClient.reset();
        Responses.problem(proxyToClient, callback, reason, "upstream", detail);
    }
}
