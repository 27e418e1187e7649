package dev.palisade.engine.session;

/** What a verified access token says. */
public record TokenClaims(String subject, String sessionId, long issuedAt, long expiresAt, String kid) {}
