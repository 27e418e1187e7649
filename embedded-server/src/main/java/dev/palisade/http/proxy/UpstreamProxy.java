package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Reason;
import dev.palisade.http.ClientAddress;
import dev.palisade.http.Credentials;
import dev.palisade.http.Hop;
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
    /**
     * What a call arrives with that the upstream must not get from the client: its credentials and
     * signature, its claims about where it came from, the headers Palisade sets anew ({@code Host}), and
     * those that would have the upstream handle another method or path than the one judged (frameworks
     * such as Symfony, ASP.NET and Express's method-override read them).
     */
    private static final List<String> REPLACED = List.of("Authorization", Credentials.API_KEY_HEADER, "Signature",
            "Signature-Input", "Content-Digest", "Host",
            // where the client says it came from: libraries read these before X-Forwarded-For (go-chi's RealIP
            // True-Client-IP, npm's request-ip X-Client-IP); the upstream has Palisade's X-Forwarded-For instead
            "X-Real-IP", "True-Client-IP", "X-Client-IP", "Client-IP", "CF-Connecting-IP", "Fastly-Client-IP",
            "X-Cluster-Client-IP",
            "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-URL", "X-Rewrite-URL",
            // the WSGI "ReverseProxied" recipe cuts X-Script-Name off the path (a public /static/api/x would
            // route to /api/x) and takes X-Scheme as the scheme; gateways' records of the original request
            "X-Script-Name", "X-Scheme", "X-Original-URI", "X-Original-Method", "X-Envoy-Original-Path", "X-Original-Host");
    private static final String FORWARDING_PREFIX = "X-Forwarded-";
    private static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";
    /**
     * Every header under these prefixes is Palisade's to send: none the client sent passes, except a
     * trusted proxy's {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Port},
     * {@code -Server} and {@code -Prefix}. The upstream trusts Palisade's view of the call (address,
     * scheme, host, port, path prefix), not the client's claims about it; other names under the prefix
     * ({@code X-Forwarded-User}, {@code -Email}: identities that auth proxies set) are no proxy's word
     * about the call, and a balancer passes a client's on unread.
     */
    private static final List<String> REPLACED_PREFIXES = List.of("X-Palisade-", FORWARDING_PREFIX);
    /** Jetty's constants for {@code X-Forwarded-*}: from a trusted proxy they are kept. */
    private static final java.util.Set<HttpHeader> FORWARDING = java.util.EnumSet.of(HttpHeader.X_FORWARDED_FOR,
            HttpHeader.X_FORWARDED_PROTO, HttpHeader.X_FORWARDED_HOST, HttpHeader.X_FORWARDED_PORT, HttpHeader.X_FORWARDED_SERVER);
    /** The same by name, for a field Jetty's parser did not name with its constant. */
    private static final List<String> FORWARDING_NAMES = FORWARDING.stream().map(HttpHeader::asString).toList();
    /** Jetty's constants among the above, compared by identity first; the names above decide any other field. */
    private static final java.util.Set<HttpHeader> REPLACED_KNOWN = java.util.EnumSet.of(HttpHeader.AUTHORIZATION,
            HttpHeader.HOST, HttpHeader.X_FORWARDED_FOR, HttpHeader.X_FORWARDED_PROTO, HttpHeader.X_FORWARDED_HOST,
            HttpHeader.X_FORWARDED_PORT, HttpHeader.X_FORWARDED_SERVER);

    private final Engine engine;
    /** Whether a call came through a trusted proxy, whose Forwarded elements are kept. */
    private final ClientAddress addresses;
    private final byte[] upstreamKey;
    private final Duration timeout;
    private final int connections;
    /** The upstream's {@code host:port} as {@code Host} sends it and the signed target URI has it. */
    private final String authority;
    private final boolean ownHsts;
    /** {@code scheme://authority}, parsed once: each forwarded call sets only its path and query on it. */
    private final URI origin;
    /** The origin as text, the start of every signed target URI. */
    private final String originText;

    /** @param ownHsts whether the listener sends {@code --hsts}'s Strict-Transport-Security (see {@link #filterServerToProxyResponseField}) */
    public UpstreamProxy(URI upstream, Engine engine, byte[] upstreamKey, Duration timeout, int connections, boolean ownHsts) {
        super(target(upstream));
        this.ownHsts = ownHsts;
        this.authority = authority(upstream.getScheme(), upstream.getHost(), upstream.getPort());
        this.originText = upstream.getScheme() + "://" + authority;
        this.origin = URI.create(originText);
        this.engine = engine;
        this.addresses = new ClientAddress(engine::fingerprintPolicy);
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

    /**
     * With {@code --hsts}, its Strict-Transport-Security (set before any handler runs) is the one sent: the app's
     * own replaced it, so the max-age a browser kept was whichever answer it saw last.
     */
    @Override
    protected HttpField filterServerToProxyResponseField(HttpField field) {
        if (ownHsts && field.getHeader() == HttpHeader.STRICT_TRANSPORT_SECURITY) return null;
        return super.filterServerToProxyResponseField(field);
    }

    /**
     * The upstream's answer passed on as Jetty's proxy does, but for what cannot be: a status outside HTTP's range is
     * a 502, and a 204 or 205 goes without the Content-Length it came with.
     */
    @Override
    protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(Request clientToProxy,
            org.eclipse.jetty.client.Request proxyToServer, Response proxyToClient, Callback callback) {
        return new ProxyResponseListener(clientToProxy, proxyToServer, proxyToClient, callback) {
            @Override
            public void onBegin(org.eclipse.jetty.client.Response serverToProxy) {
                String unusable = UpstreamStatus.unusable(serverToProxy.getStatus());
                if (unusable != null) {
                    serverToProxy.abort(new UnusableAnswer(unusable));
                    return;
                }
                super.onBegin(serverToProxy);
            }

            @Override
            public void onHeaders(org.eclipse.jetty.client.Response serverToProxy) {
                super.onHeaders(serverToProxy);
                if (UpstreamStatus.bodiless(serverToProxy.getStatus())) proxyToClient.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
            }
        };
    }

    /** An upstream answer no client can be given; its message is the 502's detail. */
    private static final class UnusableAnswer extends RuntimeException {
        UnusableAnswer(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * A body the upstream's signature digests is read here, before Jetty's proxy begins the call: one cut
     * short is answered 400 as on any path, where read while the headers are copied it failed as a 500.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            digestedBody(request); // kept on the request for the copy of headers
        } catch (dev.palisade.http.HttpProblem p) {
            dev.palisade.http.Responses.problem(response, callback, p.reason(), "body", p.getMessage());
            return true;
        }
        return super.handle(request, response, callback);
    }

    @Override
    protected HttpClient newHttpClient() {
        return upstreamClient(connections);
    }

    /**
     * A client to the upstream, as the proxy's calls and the client page's fetches both need one (each caller adds
     * what is its own: Jetty's proxy empties its cookie store and handlers, {@link UpstreamPageHandler} does the same).
     */
    static HttpClient upstreamClient(int connections) {
        HttpClient client = new HttpClient();
        client.setConnectTimeout(5_000);
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        client.setUserAgentField(null); // the client's own User-Agent is copied: Jetty's would make it two
        // refused as it is read, before any of it is copied: a head too large to write to the client failed as a 500
        client.setMaxResponseHeadersSize(dev.palisade.http.ListenerHttp.MAX_UPSTREAM_HEAD_BYTES);
        return client;
    }

    /**
     * The request to the upstream. Jetty's own writes the whole target as text and parses it back into a
     * {@code java.net.URI}, authority and all (about 3 % of a forwarded public call's time, BENCHMARKS.md
     * 2r); here the path and query are set on the upstream's origin, parsed once. A path that starts with
     * {@code //} (an upstream URL such as {@code http://host//app}) would read as an authority there, so
     * it takes Jetty's way, unless its query has characters a URI may not hold raw ({@code ?q={x}}):
     * Jetty's way fails on those, and {@code path} keeps such text whole, as sent. Characters outside
     * ASCII go percent-encoded ({@link AsciiTarget}).
     */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        String sent = target.getPathQuery();
        String pathQuery = AsciiTarget.of(sent);
        if (pathQuery != sent) target = HttpURI.build(target).pathQuery(pathQuery); // raw UTF-8 in a query, rare
        org.eclipse.jetty.client.Request toServer;
        if (pathQuery != null && pathQuery.startsWith("/") && !pathQuery.startsWith("//")) {
            toServer = onOrigin(request, pathQuery);
        } else {
            try {
                toServer = super.newProxyToServerRequest(request, target);
            } catch (IllegalArgumentException notAUri) {
                toServer = onOrigin(request, pathQuery);
            }
        }
        // Jetty's proxy sends a body only when Content-Length or Transfer-Encoding announces one; over
        // HTTP/2 a body may come with neither. One the checks read (and held to its digest) goes on.
        if (request.getLength() < 0 && request.getAttribute(dev.palisade.http.Bodies.BUFFERED) instanceof byte[] body
                && body.length > 0) {
            toServer.body(new org.eclipse.jetty.client.BytesRequestContent(body));
        }
        return toServer.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The request on the upstream's origin, parsed once, with only its path and query set. */
    private org.eclipse.jetty.client.Request onOrigin(Request request, String pathQuery) {
        return getHttpClient().newRequest(origin).path(pathQuery).method(request.getMethod());
    }

    /**
     * Jetty's proxy sends a body only when Content-Length or Transfer-Encoding announce one. Over HTTP/2
     * and later a body may come with neither, and a request that ended with its headers reads the same
     * (length unknown). {@link dev.palisade.http.BodyFirst} has read the start of every such request: one
     * that ended within it is kept ({@link dev.palisade.http.Bodies#BUFFERED}, sent from memory, or none
     * when empty); one without that mark is longer, and is streamed on from what was held.
     */
    @Override
    protected void sendProxyToServerRequest(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
            Response proxyToClient, Callback proxyToClientCallback) {
        if (proxyToServer.getBody() == null && clientToProxy.getLength() < 0
                && clientToProxy.getConnectionMetaData().getHttpVersion().getVersion() >= 20
                && clientToProxy.getAttribute(dev.palisade.http.Bodies.BUFFERED) == null) {
            proxyToServer.body(newProxyToServerRequestContent(clientToProxy, proxyToClient, proxyToServer));
        }
        super.sendProxyToServerRequest(clientToProxy, proxyToServer, proxyToClient, proxyToClientCallback);
    }

    /** A body already read to check its digest is sent from memory; any other is streamed. */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request clientToProxy,
            Response proxyToClient, org.eclipse.jetty.client.Request proxyToServer) {
        if (clientToProxy.getAttribute(dev.palisade.http.Bodies.BUFFERED) instanceof byte[] body) {
            return new org.eclipse.jetty.client.BytesRequestContent(body);
        }
        return new ProxyRequestContent(clientToProxy) {
            @Override
            public org.eclipse.jetty.io.Content.Chunk read() {
                org.eclipse.jetty.io.Content.Chunk chunk = super.read();
                // the client's body, not the upstream, failed: a broken chunk, or the body cut short
                if (org.eclipse.jetty.io.Content.Chunk.isFailure(chunk)) clientToProxy.setAttribute(CLIENT_BODY_FAILED, Boolean.TRUE);
                return chunk;
            }
        };
    }

    /** Set on a request whose streamed body could not be read from its client. */
    private static final String CLIENT_BODY_FAILED = "palisade.clientBodyFailed";

    @Override
    protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        super.copyRequestHeaders(clientToProxy, proxyToServer);
        // a trusted proxy's X-Forwarded-* describe the client's request (scheme, host, port, prefix): kept
        boolean keepForwarding = addresses.viaTrustedProxy(clientToProxy);
        byte[] body = digestedBody(clientToProxy);
        String path = proxyToServer.getPath();
        String query = proxyToServer.getQuery();
        StringBuilder target = new StringBuilder(originText.length() + path.length() + (query == null ? 0 : query.length() + 1))
                .append(originText).append(path);
        if (query != null) target.append('?').append(query);
        String targetUri = target.toString();
        proxyToServer.headers(h -> {
            for (java.util.Iterator<HttpField> fields = h.iterator(); fields.hasNext(); ) {
                if (replaced(fields.next(), keepForwarding)) fields.remove();
            }
            Object principal = clientToProxy.getAttribute(ProtectHandler.PRINCIPAL);
            Object session = clientToProxy.getAttribute(ProtectHandler.SESSION);
            String user = principal == null ? "" : principal.toString();
            // the id's text is kept by the session once made: a forwarded call builds its signature's strings anyway
            String sid = session instanceof dev.palisade.engine.session.Session s ? s.idText() : "";
            String digest = body == null ? null : dev.palisade.protocol.RequestSigner.contentDigest(body);
            UpstreamSignature.Headers sig = UpstreamSignature.sign(upstreamKey, proxyToServer.getMethod(), targetUri, user,
                    sid, digest, engine.clock().millis() / 1000, UpstreamSignature.nonce());
            // each removed above, so added without a search for an earlier value
            h.add(HttpHeader.HOST, authority); // the authority the signature covers
            h.add(new HttpField(null, USER, user));
            h.add(new HttpField(null, SESSION, sid));
            if (digest != null) h.add(new HttpField(null, "Content-Digest", digest));
            h.add(new HttpField(null, "Signature-Input", sig.signatureInput()));
            h.add(new HttpField(null, "Signature", sig.signature()));
        });
    }

    /**
     * This hop's forwarding headers, after {@link #copyRequestHeaders} removed the client's: the de-facto
     * {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}, and RFC 7239's {@code Forwarded} as Jetty's
     * proxy writes it ({@code by}, {@code for}, {@code host} quoted, {@code proto}), put together without
     * {@code String.formatted}: Jetty's own parses its pattern again on every forwarded call, public ones
     * included. Unlike Jetty's, {@code proto} is the connection's, a call without a host has no {@code host},
     * and the elements a call arrived with are kept (before this one) only when it came through a trusted proxy.
     */
    @Override
    protected void addForwardedHeader(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        Hop hop = Hop.of(clientToProxy); // the addresses, written once per connection
        String host = host(clientToProxy);
        // the connection's own scheme: an absolute request line (GET https://…) is the client's claim
        String proto = clientToProxy.getConnectionMetaData().isSecure() ? "https" : "http";
        StringBuilder element = new StringBuilder(hop.forwarded().length() + 24 + (host == null ? 0 : host.length()))
                .append(hop.forwarded());
        if (host != null) HttpField.PARAMETER_TOKENIZER.quote(element.append(";host="), host);
        String value = element.append(";proto=").append(proto).toString();
        // a client's own elements would come first, where most readers look: kept only from a trusted proxy
        boolean keepEarlier = addresses.viaTrustedProxy(clientToProxy);
        proxyToServer.headers(h -> {
            if (keepEarlier) {
                // the trusted proxy's chain, then this hop's; its scheme and host are the client's, kept
                if (hop.remoteText() != null) {
                    h.computeField(HttpHeader.X_FORWARDED_FOR, (header, fields) -> new HttpField(header,
                            fields == null || fields.isEmpty() ? hop.remoteText() : joined(fields) + hop.remoteText()));
                }
                if (!h.contains(HttpHeader.X_FORWARDED_PROTO)) h.add(HttpHeader.X_FORWARDED_PROTO, proto);
                if (host != null && !h.contains(HttpHeader.X_FORWARDED_HOST)) h.add(HttpHeader.X_FORWARDED_HOST, host);
            } else {
                // the client's X-Forwarded-* were removed with the copy, so these are added without a search
                if (hop.remoteText() != null) h.add(HttpHeader.X_FORWARDED_FOR, hop.remoteText());
                h.add(HttpHeader.X_FORWARDED_PROTO, proto);
                if (host != null) h.add(HttpHeader.X_FORWARDED_HOST, host);
            }
            h.computeField(HttpHeader.FORWARDED, (header, fields) -> {
                if (!keepEarlier || fields == null || fields.isEmpty()) return new HttpField(header, value);
                return new HttpField(HttpHeader.FORWARDED, joined(fields) + value);
            });
        });
    }

    /** Every value of the fields, in order, each followed by {@code ", "}: the earlier hops of a list header. */
    private static String joined(List<HttpField> fields) {
        StringBuilder joined = new StringBuilder();
        for (HttpField field : fields) {
            for (String earlier : field.getValueList()) joined.append(earlier).append(", ");
        }
        return joined.toString();
    }

    /** The host the call was made to: its {@code Host}, or HTTP/2's {@code :authority}, which Jetty keeps in the URI only. */
    private static String host(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null || request.getConnectionMetaData().getHttpVersion().getVersion() < 20) return host;
        return request.getHttpURI().getAuthority();
    }

    /**
     * One pass over the copied fields: a Jetty constant is compared by identity, any other name as text.
     * With {@code keepForwarding} (the call came through a trusted proxy) its {@code X-Forwarded-*} stay.
     */
    private static boolean replaced(HttpField field, boolean keepForwarding) {
        HttpHeader header = field.getHeader();
        if (keepForwarding && header != null && FORWARDING.contains(header)) return false;
        if (header != null && REPLACED_KNOWN.contains(header)) return true;
        String name = field.getName();
        if (name.indexOf('_') >= 0) {
            // WSGI and CGI servers file X_HTTP_Method_Override under the same name as X-HTTP-Method-Override:
            // a name that reads as one of these with '_' for '-' is removed, from a trusted proxy too
            String hyphens = name.replace('_', '-');
            return replaced(hyphens, false);
        }
        return replaced(name, keepForwarding);
    }

    private static boolean replaced(String name, boolean keepForwarding) {
        for (String prefix : REPLACED_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                // a trusted proxy's forwarding headers Jetty names were kept by identity; the prefix is the one more
                return !(keepForwarding && prefix == FORWARDING_PREFIX && isForwarding(name));
            }
        }
        for (String r : REPLACED) {
            if (r.length() == name.length() && r.equalsIgnoreCase(name)) return true;
        }
        return false;
    }

    private static boolean isForwarding(String name) {
        if (FORWARDED_PREFIX.equalsIgnoreCase(name)) return true;
        for (String n : FORWARDING_NAMES) {
            if (n.equalsIgnoreCase(name)) return true;
        }
        return false;
    }

    /** The body as read (a signed call's already is), or read now when small enough; null when streamed or none. */
    private static byte[] digestedBody(Request request) {
        if (request.getAttribute(dev.palisade.http.Bodies.BUFFERED) instanceof byte[] body) return body.length == 0 ? null : body;
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared <= 0 || declared > DIGESTED_BODY) return null;
        byte[] body = dev.palisade.http.Bodies.buffer(request, DIGESTED_BODY);
        return body.length == 0 ? null : body;
    }

    /**
     * {@code host:port} in lower case, without a scheme's default port, as an HTTP client writes Host
     * and as a gateway's decision signs one: a verifier compares it so, whoever signed.
     */
    static String authority(String scheme, String host, int port) {
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        String h = lower.contains(":") && !lower.startsWith("[") ? "[" + lower + "]" : lower;
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    protected void onProxyToClientResponseComplete(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                   org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                   Callback callback) {
        // the shipped middlewares' refusal names its scheme: the app's own 401s (its own login) are the app's
        if (serverToProxy.getStatus() == 401) {
            MiddlewareRefusal.count(engine, JsonHandler.path(clientToProxy), 401,
                    serverToProxy.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE));
        }
        super.onProxyToClientResponseComplete(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback);
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response proxyToClient,
                                                  Callback callback, Throwable failure) {
        if (clientToProxy.getAttribute(CLIENT_BODY_FAILED) != null) {
            // the client's fault, not the upstream's: no outage counted, recorded or alerted on
            if (proxyToClient.isCommitted()) {
                callback.failed(failure);
            } else {
                proxyToClient.reset();
                Responses.problem(proxyToClient, callback, Reason.BAD_REQUEST, "http",
                        "the request's body cannot be read: a malformed chunk, or the body ended before it was whole");
            }
            return;
        }
        boolean slow = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
        Reason reason = slow ? Reason.UPSTREAM_TIMEOUT : Reason.UPSTREAM_UNAVAILABLE;
        String detail = slow ? "the protected API did not answer within " + timeout.toSeconds() + " s"
                : failure instanceof UnusableAnswer ? failure.getMessage()
                : failure instanceof java.io.IOException ? "the protected API cannot be reached"
                : "the protected API's answer cannot be passed on: its head is over "
                        + dev.palisade.http.ListenerHttp.MAX_UPSTREAM_HEAD_BYTES / 1024 + " KB, or it is not HTTP";
        // counted and recorded also when the answer had begun: the client's reply breaks off then; how it
        // failed is the operator's to read, not the client's
        engine.upstreamFailed(reason, JsonHandler.path(clientToProxy),
                failure instanceof java.io.IOException ? detail + " (" + failure.getClass().getSimpleName() + ")" : detail);
        if (proxyToClient.isCommitted()) {
            super.onServerToProxyResponseFailure(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
            return;
        }
        proxyToClient.reset();
        Responses.problem(proxyToClient, callback, reason, "upstream", detail);
    }
}
