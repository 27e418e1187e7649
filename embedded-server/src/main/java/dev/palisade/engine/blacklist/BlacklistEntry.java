package dev.palisade.engine.blacklist;

/**
 * One entry. For {@link EntryKind#TOKEN} the value is the token's SHA-256 (hex), never the token.
 *
 * @param expiresAt epoch millis, or 0 for never
 */
public record BlacklistEntry(String id, EntryKind kind, String value, String reason, String createdBy, long createdAt,
                             long expiresAt) {

    public boolean liveAt(long now) {
        return expiresAt == 0 || now < expiresAt;
    }
}
