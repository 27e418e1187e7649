package dev.palisade.engine.auth;

import java.util.List;

/**
 * A named, scoped key for a server-to-server caller. Only the SHA-256 of its secret part is kept:
 * keys are 256 random bits, so a KDF would add cost without adding safety.
 *
 * @param scopes path prefixes the key may call, e.g. {@code /api/notes}
 */
public record ApiKey(String id, String name, List<String> scopes, byte[] secretHash, long createdAt,
                     long revokedAt, long lastUsedAt) {

    public ApiKey {
        scopes = List.copyOf(scopes);
    }

    public boolean revoked() { return revokedAt != 0; }

    public boolean permits(String path) {
        for (String scope : scopes) {
            if (path.equals(scope) || path.startsWith(scope.endsWith("/") ? scope : scope + "/")) return true;
        }
        return false;
    }

    public ApiKey withRevokedAt(long at) {
        return new ApiKey(id, name, scopes, secretHash, createdAt, at, lastUsedAt);
    }

    public ApiKey withLastUsedAt(long at) {
        return new ApiKey(id, name, scopes, secretHash, createdAt, revokedAt, at);
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + name + " " + scopes + "]";
    }
}
