package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.engine.signature.Hmac;
import dev.palisade.http.Credentials;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.ProtectHandler;
import dev.palisade.http.Responses;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reverse-proxy mode: calls the pipeline allowed are streamed to the user's own API. Palisade's
 * own credentials and signature headers are removed; the caller is passed on in
 * {@code X-Palisade-User} and {@code X-Palisade-Session}, vouched for by {@code X-Palisade-Signature}
 * (HMAC-SHA256 with a key shared with the upstream, over user, session, method, path and
 * {@code X-Palisade-Timestamp}). An upstream that is down is a 502 problem, a slow one a 504.
 */
public final class UpstreamProxy extends ProxyHandler.Reverse {

    public static final String USER = "X-Palisade-User";
    public static final String SESSION = "X-Palisade-Session";
    public static final String TIMESTAMP = "X-Palisade-Timestamp";
    public static final String SIGNATURE = "X-Palisade-Signature";
    private static final List<String> STRIPPED = List.of("Authorization", Credentials.API_KEY_HEADER, "Signature",
            "Signature-Input", "Content-Digest", USER, SESSION, TIMESTAMP, SIGNATURE);

    private final Engine engine;
    private final byte[] upstreamKey;
    private final Duration timeout;
    private final int connections;

    public UpstreamProxy(URI upstream, Engine engine, byte[] upstreamKey, Duration timeout, int connections) {
        super(request -> HttpURI.build(request.getHttpURI()).scheme(upstream.getScheme()).host(upstream.getHost())
                .port(upstream.getPort()).path(prefix(upstream) + request.getHttpURI().getPath()).asImmutable());
        this.engine = engine;
        this.upstreamKey = upstreamKey;
        this.timeout = timeout;
        this.connections = connections;
    }

    private static String prefix(URI upstream) {
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
        proxyToServer.headers(h -> {
            for (String name : STRIPPED) h.remove(name);
            Object principal = clientToProxy.getAttribute(ProtectHandler.PRINCIPAL);
            Object session = clientToProxy.getAttribute(ProtectHandler.SESSION);
            String user = principal == null ? "" : principal.toString();
            String sid = session == null ? "" : session.toString();
            String ts = Long.toString(System.currentTimeMillis() / 1000);
            String base = user + "\n" + sid + "\n" + clientToProxy.getMethod() + "\n" + JsonHandler.path(clientToProxy) + "\n" + ts;
            h.put(USER, user);
            h.put(SESSION, sid);
            h.put(TIMESTAMP, ts);
            h.put(SIGNATURE, Base64.getEncoder().encodeToString(Hmac.sha256(upstreamKey, base)));
            // the de-facto headers beside RFC 7239's Forwarded, which Jetty adds itself
            h.put("X-Forwarded-For", Request.getRemoteAddr(clientToProxy));
            h.put("X-Forwarded-Proto", clientToProxy.isSecure() ? "https" : "http");
            String host = clientToProxy.getHeaders().get(org.eclipse.jetty.http.HttpHeader.HOST);
            if (host != null) h.put("X-Forwarded-Host", host);
        });
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                  Callback callback, Throwable failure) {
        if (proxyToClient.isCommitted()) {
            super.onServerToProxyResponseFailure(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
            return;
        }
        boolean slow = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
        Reason reason = slow ? Reason.UPSTREAM_TIMEOUT : Reason.UPSTREAM_UNAVAILABLE;
        String detail = slow ? "the protected API did not answer within " + timeout.toSeconds() + " s"
                : "the protected API cannot be reached (" + failure.getClass().getSimpleName() + ")";
        engine.upstreamFailed(reason, JsonHandler.path(clientToProxy), detail);
        proxyToClient.reset();
        Responses.problem(proxyToClient, callback, reason, "upstream", detail);
    }
}
