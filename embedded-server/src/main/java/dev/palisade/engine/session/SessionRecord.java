package dev.palisade.engine.session;

import dev.palisade.engine.fingerprint.Fingerprint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A session as the store keeps it; {@code revokedAt} is 0 while not revoked. {@code signingKey} is
 * the per-session request-signing key (technique 3): secret, so never printed. {@code automation} lists
 * the automation signals seen at bootstrap, comma-separated, empty when none. {@code apiKeyId} is the id of
 * the API key that opened an {@code api_key} session, so revoking the key revokes it; empty for a browser's,
 * and for a key's session stored before the key was recorded. {@code bootstrap} is what the bootstrap that opened it
 * paid; null for a session opened without one (an API key's) and for one stored before sessions kept it.
 */
public record SessionRecord(String id, String user, SessionOrigin origin, long createdAt, long bootstrapAt,
                            String clientIp, String userAgent, long lastSeenAt, int calls, long revokedAt,
                            byte[] signingKey, Fingerprint fingerprint, String automation, String apiKeyId,
                            BootstrapCost bootstrap) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(origin, "origin");
        apiKeyId = apiKeyId == null ? "" : apiKeyId;
        if (origin == SessionOrigin.BROWSER && !apiKeyId.isEmpty()) {
            throw new IllegalArgumentException("a browser's session names no API key");
        }
        clientIp = clientIp == null ? "" : clientIp;
        userAgent = userAgent == null ? "" : userAgent;
        signingKey = signingKey == null ? new byte[0] : signingKey;
        fingerprint = fingerprint == null ? Fingerprint.NONE : fingerprint;
        automation = automation == null ? "" : automation;
        bootstrap = bootstrap == null ? null : bootstrap.capped(); // as a session keeps it
    }

    /** A session whose bootstrap's cost is not known. */
    public SessionRecord(String id, String user, SessionOrigin origin, long createdAt, long bootstrapAt, String clientIp,
                         String userAgent, long lastSeenAt, int calls, long revokedAt, byte[] signingKey,
                         Fingerprint fingerprint, String automation, String apiKeyId) {
        this(id, user, origin, createdAt, bootstrapAt, clientIp, userAgent, lastSeenAt, calls, revokedAt, signingKey,
                fingerprint, automation, apiKeyId, null);
    }

    /** A session no API key is recorded for: a browser's, or a key's stored before keys were. */
    public SessionRecord(String id, String user, SessionOrigin origin, long createdAt, long bootstrapAt, String clientIp,
                         String userAgent, long lastSeenAt, int calls, long revokedAt, byte[] signingKey,
                         Fingerprint fingerprint, String automation) {
        this(id, user, origin, createdAt, bootstrapAt, clientIp, userAgent, lastSeenAt, calls, revokedAt, signingKey,
                fingerprint, automation, "", null);
    }

    /** This session bound to another fingerprint. */
    public SessionRecord withFingerprint(Fingerprint other) {
        return new SessionRecord(id, user, origin, createdAt, bootstrapAt, clientIp, userAgent, lastSeenAt, calls, revokedAt,
                signingKey, other, automation, apiKeyId, bootstrap);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionRecord r && id.equals(r.id) && user.equals(r.user) && origin == r.origin
                && createdAt == r.createdAt && bootstrapAt == r.bootstrapAt && clientIp.equals(r.clientIp)
                && userAgent.equals(r.userAgent) && lastSeenAt == r.lastSeenAt && calls == r.calls
                && revokedAt == r.revokedAt && Arrays.equals(signingKey, r.signingKey)
                && fingerprint.equals(r.fingerprint) && automation.equals(r.automation) && apiKeyId.equals(r.apiKeyId)
                && Objects.equals(bootstrap, r.bootstrap);
    }

    @Override
    public int hashCode() { return id.hashCode(); }

    @Override
    public String toString() {
        return "SessionRecord[" + id + ", " + user + ", " + origin + ", revokedAt=" + revokedAt + "]";
    }
}
