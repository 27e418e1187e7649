package dev.palisade.engine.auth;

/** What the server knows about the caller from the connection itself. */
public record ClientFacts(String ip, String userAgent) {
    public ClientFacts {
        ip = ip == null ? "" : ip;
        userAgent = userAgent == null ? "" : userAgent;
    }
}
