package dev.palisade.engine.auth;

import dev.palisade.engine.session.IssuedToken;

/**
 * What a successful login or refresh hands the client. At login, {@code serverKey} holds the JWK
 * coordinates {@code [x, y]} of the server's half of the key agreement; null on refresh. The signing
 * key itself is never handed out: both sides derive it.
 */
public record LoginResult(IssuedToken token, long expiresInSeconds, String sessionId, String[] serverKey) {
    @Override
    public String toString() { return "LoginResult[" + sessionId + "]"; }
}
