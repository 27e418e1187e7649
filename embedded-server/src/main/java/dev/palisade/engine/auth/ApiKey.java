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

    /** Whether a scope covers the path: the scope itself, or what is under it; no string made per call. */
    public boolean permits(String path) {
        for (String scope : scopes) {
            int n = scope.length();
            if (path.startsWith(scope) && (path.length() == n || scope.charAt(n - 1) == '/' || path.charAt(n) == '/')) return true;
        }
        return false;
    }

    /** Principals by key name: the text is made once a name, not on every call (the recent calls keep it too). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> PRINCIPALS = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code apikey:<name>}: whom the upstream, the events and the recent calls are told the call acts for. */
    public String principal() {
        String known = PRINCIPALS.get(name);
        return known != null ? known : PRINCIPALS.computeIfAbsent(name, n -> "apikey:" + n);
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
