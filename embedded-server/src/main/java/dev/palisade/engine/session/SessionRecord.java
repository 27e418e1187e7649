package dev.palisade.engine.session;

import java.util.Objects;

/** A session as the store keeps it; {@code revokedAt} is 0 while not revoked. */
public record SessionRecord(String id, String user, SessionOrigin origin, long createdAt, long bootstrapAt,
                            String clientIp, String userAgent, long lastSeenAt, int calls, long revokedAt) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(origin, "origin");
        clientIp = clientIp == null ? "" : clientIp;
        userAgent = userAgent == null ? "" : userAgent;
    }
}
