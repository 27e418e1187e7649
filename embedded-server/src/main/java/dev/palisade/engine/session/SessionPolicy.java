package dev.palisade.engine.session;

import java.time.Duration;

/** How long sessions live: since their last call (idle) and since they began (absolute). */
public record SessionPolicy(Duration idleTtl, Duration absoluteTtl) {

    public boolean isExpired(long createdAt, long lastSeenAt, long now) {
        return now - lastSeenAt >= idleTtl.toMillis() || now - createdAt >= absoluteTtl.toMillis();
    }

    public long absoluteExpiry(long createdAt) {
        return createdAt + absoluteTtl.toMillis();
    }
}
