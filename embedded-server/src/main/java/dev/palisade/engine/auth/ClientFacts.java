package dev.palisade.engine.auth;

import java.util.function.UnaryOperator;

/**
 * What the server knows about the caller from the connection itself: its address (after trusted
 * proxies) and its request headers (lower-case names), from which the fingerprint is taken.
 */
public record ClientFacts(String ip, String userAgent, UnaryOperator<String> headers) {
    public ClientFacts {
        ip = ip == null ? "" : ip;
        userAgent = userAgent == null ? "" : userAgent;
        headers = headers == null ? name -> null : headers;
    }

    /** Facts with only an address and a User-Agent. */
    public static ClientFacts of(String ip, String userAgent) {
        return new ClientFacts(ip, userAgent, name -> name.equals("user-agent") ? userAgent : null);
    }
}
