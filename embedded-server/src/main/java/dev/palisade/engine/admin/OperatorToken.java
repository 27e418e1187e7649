package dev.palisade.engine.admin;

/**
 * A named admin token the owner issued with a {@link Role}. Only the SHA-256 of its secret is kept.
 */
public record OperatorToken(String id, String name, Role role, byte[] secretHash, long createdAt, long revokedAt,
                            long lastUsedAt) {

    public boolean revoked() { return revokedAt != 0; }

    /** {@code active} or {@code revoked}. */
    public String state() { return revoked() ? "revoked" : "active"; }

    public Actor actor() { return Actor.operator(name, role); }

    public OperatorToken withRevokedAt(long at) {
        return new OperatorToken(id, name, role, secretHash, createdAt, at, lastUsedAt);
    }

    public OperatorToken usedAt(long at) {
        return new OperatorToken(id, name, role, secretHash, createdAt, revokedAt, Math.max(at, lastUsedAt));
    }

    @Override
    public String toString() { return "OperatorToken[" + id + " " + name + " " + role.label() + "]"; }
}
