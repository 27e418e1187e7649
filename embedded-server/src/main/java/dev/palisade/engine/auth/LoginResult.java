package dev.palisade.engine.auth;

import dev.palisade.engine.session.IssuedToken;

/**
 * What a successful login or refresh hands the client. {@code signingKey} (base64url) is only
 * handed out at login; null on refresh.
 */
public record LoginResult(IssuedToken token, long expiresInSeconds, String sessionId, String signingKey) {
    @Override
    public String toString() { return "LoginResult[" + sessionId + "]"; }
}
