package dev.palisade.engine.auth;

import dev.palisade.engine.session.IssuedToken;

/** What a successful login or refresh hands the client. */
public record LoginResult(IssuedToken token, long expiresInSeconds, String sessionId) {}
