package dev.palisade.http;

import org.eclipse.jetty.server.HttpConfiguration;

/** How every listener reads and writes HTTP/1.1: one place, so the bench harness serves what the server serves. */
public final class ListenerHttp {

    /** The largest request head: a signed call's headers fit several times over. */
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    /**
     * The largest response head. Behind {@code --upstream} the upstream's head is passed on with
     * Palisade's few headers added, so the proxy takes an upstream head up to {@link #MAX_UPSTREAM_HEAD_BYTES}.
     */
    private static final int MAX_RESPONSE_HEADER_BYTES = 16 * 1024;
    public static final int MAX_UPSTREAM_HEAD_BYTES = 12 * 1024;

    private ListenerHttp() {}

    public static HttpConfiguration configuration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_RESPONSE_HEADER_BYTES);
        // No per-connection cache of header values. Jetty's matches a cached value ignoring case and
        // hands on the cached one, so a token sent in another case was read as the one before it on
        // the connection. And with many sessions over one connection (a gateway's pool, the harnesses)
        // each new token refilled it and cleared it every few calls: the largest single cost of
        // reading a request (BENCHMARKS.md, section 2n).
        http.setHeaderCacheSize(0);
        return http;
    }
}
