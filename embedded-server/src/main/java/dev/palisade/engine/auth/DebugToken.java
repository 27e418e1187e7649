package dev.palisade.engine.auth;

/**
 * A named, expiring, revocable token that lets a test or a tool bootstrap without the proof of work
 * and the page challenge (like Firebase App Check's debug tokens). Only the SHA-256 of its secret is kept.
 */
public record DebugToken(String id, String name, byte[] secretHash, long createdAt, long expiresAt, long revokedAt,
                         long lastUsedAt, long uses) {

    public boolean revoked() { return revokedAt != 0; }

    public boolean usableAt(long now) { return !revoked() && now < expiresAt; }

    /** {@code active}, {@code expired} or {@code revoked}. */
    public String state(long now) {
        if (revoked()) return "revoked";
        return now < expiresAt ? "active" : "expired";
    }

    public DebugToken withRevokedAt(long at) {
        return new DebugToken(id, name, secretHash, createdAt, expiresAt, at, lastUsedAt, uses);
    }

    public DebugToken used(long at, long more) {
        return new DebugToken(id, name, secretHash, createdAt, expiresAt, revokedAt, Math.max(at, lastUsedAt), uses + more);
    }

    @Override
    public String toString() { return "DebugToken[" + id + " " + name + "]"; }
}
